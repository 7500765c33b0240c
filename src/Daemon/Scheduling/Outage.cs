namespace BatchAi.Daemon.Scheduling;

/// <summary>What a pool in an outage says about it: which endpoint failed last and how, since when, and when the next probe goes.</summary>
internal sealed record Outage(string Endpoint, string LastError, DateTimeOffset Since, DateTimeOffset NextProbe);
