using System.Globalization;
using BatchAi.Simulator.Faults;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>The headers OpenAI sends about request limits, in its formats.</summary>
internal static class RateLimitHeaders
{
    public static void WriteLimits(HttpResponse response, RateDecision decision)
    {
        response.Headers["x-ratelimit-limit-requests"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining-requests"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset-requests"] = FormatDuration(decision.Reset);
    }

    /// <summary><c>Retry-After</c> in whole seconds (rounded up, as the standard allows no fractions) and the precise <c>retry-after-ms</c>.</summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait)
    {
        var milliseconds = (long)Math.Ceiling(Math.Max(0, wait.TotalMilliseconds));
        response.Headers.RetryAfter = ((milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture);
        response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
    }

    // OpenAI's style: "120ms", "1.5s", "6m0s".
    internal static string FormatDuration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{Math.Max(0, (long)Math.Ceiling(duration.TotalMilliseconds))}ms";
        }
        if (duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalSeconds, 3)}s");
        }
        return string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalMinutes}m{Math.Round(duration.TotalSeconds % 60, 3)}s");
    }
}
