namespace BatchAi.Daemon.Providers;

/// <summary>What a 429 (or a 503/529 "overloaded") says about who should wait, read from its status, body and headers.</summary>
internal enum Pushback
{
    /// <summary>Not a push-back: a success, or another kind of failure.</summary>
    None,

    /// <summary>
    /// This request was refused, the others may go: a 429 while the headers say much of the limit remains, a 503 or 529
    /// "overloaded", Volcengine Ark's <c>ServerOverloaded</c>. Retry the row after its Retry-After; the endpoint serves on.
    /// </summary>
    Isolated,

    /// <summary>The limit is spent for everyone: remaining 0, or an error whose code or type names a rate limit. Hold the endpoint back.</summary>
    LimitSpent,

    /// <summary>A quota spent until it is refilled by the provider or the user (<c>insufficient_quota</c>, a daily limit): retrying cannot help today.</summary>
    QuotaSpent,
}
