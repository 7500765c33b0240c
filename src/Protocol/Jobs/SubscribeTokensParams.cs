namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>subscribeTokens</c>.</summary>
/// <param name="JobId">The job whose streamed answer text this connection wants.</param>
/// <param name="Enabled"><c>false</c> stops the stream.</param>
public sealed record SubscribeTokensParams(string JobId, bool Enabled = true);
