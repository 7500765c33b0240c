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
}

/// <summary>A provider failure, classified, with a message that names the endpoint and never the key.</summary>
internal sealed class ProviderException(ProviderFault fault, string message, TimeSpan? retryAfter = null, Exception? inner = null, int? status = null, bool timedOut = false)
    : Exception(message, inner)
{
    public ProviderFault Fault { get; } = fault;

    /// <summary>The HTTP status, when the provider answered (0 or null when it did not).</summary>
    public int? Status { get; } = status;

    /// <summary>No first token, or no complete answer, in time: with 429, the signal to send less at once.</summary>
    public bool TimedOut { get; } = timedOut;

    /// <summary>The provider is pushing back (429 or a timeout): the endpoint's concurrency limit should go down.</summary>
    public bool Overloaded => Status == 429 || TimedOut;

    /// <summary>How long the provider asked us to wait (Retry-After, retry-after-ms).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
