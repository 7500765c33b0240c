namespace BatchAi.Daemon.Scheduling;

/// <summary>How the endpoint pool treats an endpoint that keeps failing.</summary>
internal sealed record PoolSettings
{
    /// <summary>Failures in a row (5xx, dropped connections, timeouts; not 429s) that take an endpoint out.</summary>
    public int BreakerFailures { get; init; } = 10;

    /// <summary>How long an endpoint stays out before one trial request may go.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);
}
