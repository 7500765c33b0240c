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
internal sealed class ProviderException(ProviderFault fault, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ProviderFault Fault { get; } = fault;

    /// <summary>How long the provider asked us to wait (Retry-After, retry-after-ms).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
