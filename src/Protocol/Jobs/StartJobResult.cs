namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>startJob</c>.</summary>
/// <param name="JobId">The new job's id, used by every other job method.</param>
/// <param name="Output">Where the answers will be written.</param>
public sealed record StartJobResult(string JobId, string Output);
