using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// What a provider said about its limits in one response's <c>x-ratelimit-*</c> headers (OpenAI,
/// DeepSeek, Azure and others send them): limits per minute, what is left, and when it is refilled.
/// </summary>
internal sealed partial record RateLimitSnapshot(
    int? LimitRequests,
    int? RemainingRequests,
    TimeSpan? ResetRequests,
    long? LimitTokens,
    long? RemainingTokens,
    TimeSpan? ResetTokens)
{
    public bool IsEmpty => LimitRequests is null && RemainingRequests is null && LimitTokens is null && RemainingTokens is null;

    /// <summary>Reads the headers through <paramref name="header"/> (name → value or null); null when none is there.</summary>
    public static RateLimitSnapshot? Parse(Func<string, string?> header)
    {
        var snapshot = new RateLimitSnapshot(
            Int(header("x-ratelimit-limit-requests")),
            Int(header("x-ratelimit-remaining-requests")),
            Duration(header("x-ratelimit-reset-requests")),
            Long(header("x-ratelimit-limit-tokens")),
            Long(header("x-ratelimit-remaining-tokens")),
            Duration(header("x-ratelimit-reset-tokens")));
        return snapshot.IsEmpty ? null : snapshot;
    }

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
