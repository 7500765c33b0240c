namespace BatchAi.Daemon.Providers;

/// <summary>What went wrong with a request, sorted by what to do about it.</summary>
internal enum ProviderFault
{
    /// <summary>A passing fault (429, 5xx, a dropped connection, a timeout, a stream cut short): retry.</summary>
    Transient,

    /// <summary>The request itself is refused (400, 404, 422): retrying cannot help; the row fails.</summary>
    Rejected,

    /// <summary>The key is refused (401, 403): every row would fail the same way; the job pauses.</summary>
    KeyRefused,

    /// <summary>A quota is spent for the day or the billing period (<c>insufficient_quota</c>): every row would wait in vain; the job pauses.</summary>
    QuotaSpent,
}

/// <summary>A provider failure, classified, with a message that names the endpoint and never the key.</summary>
internal sealed class ProviderException(
    ProviderFault fault,
    string message,
    TimeSpan? retryAfter = null,
    Exception? inner = null,
    int? status = null,
    bool timedOut = false,
    Pushback pushback = Pushback.None,
    bool duringOutage = false)
    : Exception(message, inner)
{
    public ProviderFault Fault { get; } = fault;

    /// <summary>The HTTP status, when the provider answered (0 or null when it did not).</summary>
    public int? Status { get; } = status;

    /// <summary>No first token, or no complete answer, in time (or silent too long mid-stream).</summary>
    public bool TimedOut { get; } = timedOut;

    /// <summary>What a 429 or 503 says about who should wait (<see cref="Providers.Pushback"/>).</summary>
    public Pushback Pushback { get; } = pushback != Pushback.None ? pushback : status == 429 ? Pushback.LimitSpent : Pushback.None;

    /// <summary>The provider is pushing back (429 or a timeout): the endpoint's concurrency limit should go down.</summary>
    public bool Overloaded => Status == 429 || TimedOut;

    /// <summary>The pool was in an outage when this attempt failed: the failure is the outage's, and costs the row no retry.</summary>
    public bool InOutage { get; } = duringOutage;

    /// <summary>How long the provider asked us to wait (Retry-After, retry-after-ms).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>This attempt was an outage's probe: it failed like any attempt (charged to its row), and cannot save its row by calling it an outage.</summary>
    public bool Probe { get; private init; }

    /// <summary>The same failure, marked as an outage probe's.</summary>
    public ProviderException AsProbe() => new(Fault, Message, RetryAfter, this, Status, TimedOut, Pushback) { Probe = true };

    /// <summary>The same failure, marked as the outage's.</summary>
    public ProviderException DuringOutage() => InOutage ? this
        : new ProviderException(Fault, Message, RetryAfter, this, Status, TimedOut, Pushback, duringOutage: true);
}
