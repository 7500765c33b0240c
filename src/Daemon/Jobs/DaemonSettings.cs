using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>What a daemon's job manager needs besides its ledger: injected so tests run on a fake clock.</summary>
internal sealed record DaemonSettings
{
    /// <summary>The outbox's default (Rpc's TokenBuffer takes it from here: Jobs does not reach up into Rpc).</summary>
    public const int DefaultTokenRowsPerFlush = 100;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public RetrySettings Retry { get; init; } = new();

    /// <summary>How long a pause lets answers in flight finish before it returns them to pending.</summary>
    public TimeSpan PauseGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often running jobs report progress.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a client's outbox gathers token deltas before sending them: the coalescing window.</summary>
    public TimeSpan TokenFlushInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Rows still streaming whose text one flush sends to a client; the others wait for the next flush (the outbox's TokenBuffer).</summary>
    public int TokenRowsPerFlush { get; init; } = DefaultTokenRowsPerFlush;

    /// <summary>How long a ledger write waits for another process's lock before it fails and the job pauses.</summary>
    public TimeSpan LedgerBusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often jobs paused by a ledger fault (locked, disk full) probe whether they can go on.</summary>
    public TimeSpan LedgerProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At start-up, resume the jobs a dead daemon left running (those whose key can be found).</summary>
    public bool ResumeInterrupted { get; init; }

    /// <summary>The endpoint pool's circuit breaker.</summary>
    public PoolSettings Pool { get; init; } = new();

    /// <summary>Reads an environment variable (a key named by <c>apiKeyEnv</c>); replaceable in tests.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
