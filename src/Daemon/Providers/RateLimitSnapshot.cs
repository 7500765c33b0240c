using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// What a provider said about its limits in one response's headers: OpenAI's (and Azure's, DeepSeek's, many gateways')
/// <c>x-ratelimit-*</c>, resets as durations; Anthropic's <c>anthropic-ratelimit-*</c> (and gateways copying it), resets as
/// RFC 3339 times, with input and output tokens limited apart. A limit (how many per window), what is left, and how long
/// until what was used is refilled; which window the limit counts over is for <see cref="RateLearner"/> to infer.
/// </summary>
internal sealed partial record RateLimitSnapshot(
    int? LimitRequests,
    int? RemainingRequests,
    TimeSpan? ResetRequests,
    long? LimitTokens,
    long? RemainingTokens,
    TimeSpan? ResetTokens,
    long? LimitInputTokens = null,
    long? RemainingInputTokens = null,
    TimeSpan? ResetInputTokens = null,
    long? LimitOutputTokens = null,
    long? RemainingOutputTokens = null,
    TimeSpan? ResetOutputTokens = null)
{
    public bool IsEmpty => LimitRequests is null && RemainingRequests is null && LimitTokens is null && RemainingTokens is null
        && LimitInputTokens is null && RemainingInputTokens is null && LimitOutputTokens is null && RemainingOutputTokens is null;

    /// <summary>Reads the headers through <paramref name="header"/> (name → value or null); null when none is there.</summary>
    /// <param name="now">The time RFC 3339 resets are measured from (Anthropic's).</param>
    public static RateLimitSnapshot? Parse(Func<string, string?> header, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var snapshot = new RateLimitSnapshot(
            Int(header("x-ratelimit-limit-requests") ?? header("anthropic-ratelimit-requests-limit")),
            Int(header("x-ratelimit-remaining-requests") ?? header("anthropic-ratelimit-requests-remaining")),
            Duration(header("x-ratelimit-reset-requests")) ?? Until(header("anthropic-ratelimit-requests-reset"), at),
            Long(header("x-ratelimit-limit-tokens") ?? header("anthropic-ratelimit-tokens-limit")),
            Long(header("x-ratelimit-remaining-tokens") ?? header("anthropic-ratelimit-tokens-remaining")),
            Duration(header("x-ratelimit-reset-tokens")) ?? Until(header("anthropic-ratelimit-tokens-reset"), at),
            Long(header("anthropic-ratelimit-input-tokens-limit")),
            Long(header("anthropic-ratelimit-input-tokens-remaining")),
            Until(header("anthropic-ratelimit-input-tokens-reset"), at),
            Long(header("anthropic-ratelimit-output-tokens-limit")),
            Long(header("anthropic-ratelimit-output-tokens-remaining")),
            Until(header("anthropic-ratelimit-output-tokens-reset"), at));
        return snapshot.IsEmpty ? null : snapshot;
    }

    /// <summary>An RFC 3339 time (Anthropic's resets) as the time from <paramref name="now"/> until then; null when not one.</summary>
    public static TimeSpan? Until(string? text, DateTimeOffset now) =>
        !string.IsNullOrWhiteSpace(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? (when > now ? when - now : TimeSpan.Zero)
            : null;

    /// <summary>"120ms", "1.5s", "6m0s", "1h2m3.5s", or a bare number of seconds.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return bare >= 0 ? TimeSpan.FromSeconds(bare) : null;
        }

        var parts = DurationPart().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }

        return total;
    }

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;

    private static long? Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();
}
