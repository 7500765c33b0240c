namespace BatchAi.Daemon.Providers;

/// <summary>How hard to try one row before recording it as failed.</summary>
internal sealed record RetrySettings
{
    public int MaxRetries { get; init; } = 4;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest one attempt may take, first token to last.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest to wait for the first token (answer or reasoning).</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
