namespace BatchAi.Daemon.Providers;

/// <summary>
/// Sorts a provider's push-back (<see cref="Pushback"/>) from what real providers send: OpenAI's <c>rate_limit_exceeded</c>
/// and <c>insufficient_quota</c> with <c>x-ratelimit-remaining-*</c>; Azure OpenAI's remaining headers; Anthropic's
/// <c>rate_limit_error</c>, <c>overloaded_error</c> (529) and <c>anthropic-ratelimit-*-remaining</c>; Volcengine Ark's
/// <c>RateLimitExceeded.EndpointRPMExceeded</c>/<c>...TPMExceeded</c> (limits) against <c>ServerOverloaded</c> (one request).
/// </summary>
internal static class PushbackReader
{
    private static readonly string[] RemainingHeaders =
    [
        "x-ratelimit-remaining-requests", "x-ratelimit-remaining-tokens",
        "anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-tokens-remaining",
        "anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-output-tokens-remaining",
    ];

    /// <param name="status">The HTTP status.</param>
    /// <param name="code">The error body's <c>code</c>, when it has one.</param>
    /// <param name="type">The error body's <c>type</c>.</param>
    /// <param name="message">The error body's <c>message</c>.</param>
    /// <param name="header">Reads a response header (null when absent).</param>
    public static Pushback Read(int status, string? code, string? type, string? message, Func<string, string?> header)
    {
        if (status is 503 or 529 || Names(code, type, "overload"))
        {
            return Pushback.Isolated;
        }

        if (status != 429)
        {
            return Pushback.None;
        }

        if (Names(code, type, "insufficient_quota") || Names(code, type, "quota") || Daily(code, message))
        {
            return Pushback.QuotaSpent;
        }

        var remaining = LeastRemaining(header);
        if (remaining == 0)
        {
            return Pushback.LimitSpent;
        }

        if (remaining is not null)
        {
            // The provider says its limit is far from spent: this 429 is about this one request.
            return Pushback.Isolated;
        }

        return Names(code, type, "ratelimit") || Names(code, type, "rate_limit") || type is "requests" or "tokens"
            ? Pushback.LimitSpent
            : Pushback.Isolated;
    }

    private static long? LeastRemaining(Func<string, string?> header)
    {
        long? least = null;
        foreach (var name in RemainingHeaders)
        {
            if (long.TryParse(header(name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                least = least is { } l ? Math.Min(l, value) : value;
            }
        }

        return least;
    }

    private static bool Names(string? code, string? type, string word) =>
        (code?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false) || (type?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false);

    // OpenAI: "Rate limit reached ... on requests per day (RPD)"; Ark: "...RPDExceeded"/"...TPDExceeded"; others say "daily".
    private static bool Daily(string? code, string? message) =>
        (code is not null && (code.EndsWith("RPDExceeded", StringComparison.OrdinalIgnoreCase) || code.EndsWith("TPDExceeded", StringComparison.OrdinalIgnoreCase)))
        || (message is not null && (message.Contains("per day", StringComparison.OrdinalIgnoreCase) || message.Contains("daily", StringComparison.OrdinalIgnoreCase)));
}
