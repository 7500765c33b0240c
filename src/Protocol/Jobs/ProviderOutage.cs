namespace BatchAi.Protocol.Jobs;

/// <summary>What a job in <c>providerUnavailable</c> is waiting through.</summary>
/// <param name="Endpoint">The endpoint that failed last (its name and base URL, never a key).</param>
/// <param name="LastError">Its last error.</param>
/// <param name="Since">When the outage was seen (UTC).</param>
/// <param name="NextProbeAt">When the daemon sends its next probe request (UTC).</param>
public sealed record ProviderOutage(string Endpoint, string LastError, DateTimeOffset Since, DateTimeOffset NextProbeAt);
