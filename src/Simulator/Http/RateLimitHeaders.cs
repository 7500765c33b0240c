using System.Globalization;
using BatchAi.Simulator.Faults;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>The headers providers send about their limits, each in its own names and formats (see <see cref="RateLimitHeaderStyle"/>).</summary>
internal static class RateLimitHeaders
{
    public static void WriteLimits(HttpResponse response, LimitDecision decision, RateLimitHeaderStyle style, DateTimeOffset now)
    {
        switch (style)
        {
            case RateLimitHeaderStyle.OpenAi:
                WriteOpenAi(response, "requests", decision.Requests);
                WriteOpenAi(response, "tokens", decision.Tokens);
                break;
            case RateLimitHeaderStyle.Azure:
                // Azure OpenAI states what is left, not the limit nor when it refills.
                WriteCount(response, "x-ratelimit-remaining-requests", decision.Requests?.Remaining);
                WriteCount(response, "x-ratelimit-remaining-tokens", decision.Tokens?.Remaining);
                break;
            case RateLimitHeaderStyle.Anthropic:
                WriteAnthropic(response, "requests", decision.Requests, now);
                WriteAnthropic(response, "tokens", decision.Tokens, now);
                WriteAnthropic(response, "input-tokens", decision.InputTokens, now);
                WriteAnthropic(response, "output-tokens", decision.OutputTokens, now);
                break;
        }
    }

    /// <summary>
    /// <c>Retry-After</c> in whole seconds (rounded up, as the standard allows no fractions), and the precise <c>retry-after-ms</c>
    /// where the provider sends it (OpenAI, Azure OpenAI); Anthropic and header-less servers send <c>Retry-After</c> alone.
    /// </summary>
    public static void WriteRetryAfter(HttpResponse response, TimeSpan wait, RateLimitHeaderStyle style = RateLimitHeaderStyle.OpenAi)
    {
        var milliseconds = (long)Math.Ceiling(Math.Max(0, wait.TotalMilliseconds));
        response.Headers.RetryAfter = ((milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture);
        if (style is RateLimitHeaderStyle.OpenAi or RateLimitHeaderStyle.Azure)
        {
            response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        }
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

    private static void WriteOpenAi(HttpResponse response, string what, WindowState? state)
    {
        if (state is { } s)
        {
            // The number per window, whatever the window: what servers with short windows send.
            response.Headers[$"x-ratelimit-limit-{what}"] = s.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[$"x-ratelimit-remaining-{what}"] = s.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers[$"x-ratelimit-reset-{what}"] = FormatDuration(s.Reset);
        }
    }

    private static void WriteAnthropic(HttpResponse response, string what, WindowState? state, DateTimeOffset now)
    {
        if (state is { } s)
        {
            response.Headers[$"anthropic-ratelimit-{what}-limit"] = s.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[$"anthropic-ratelimit-{what}-remaining"] = s.Remaining.ToString(CultureInfo.InvariantCulture);
            // Anthropic: the time the limit is fully replenished, RFC 3339 in UTC, rounded up so it never names a moment already past.
            var full = (now + s.UntilFull).UtcTicks;
            var seconds = (full + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;
            response.Headers[$"anthropic-ratelimit-{what}-reset"] = new DateTime(seconds, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }

    private static void WriteCount(HttpResponse response, string name, long? value)
    {
        if (value is { } n)
        {
            response.Headers[name] = n.ToString(CultureInfo.InvariantCulture);
        }
    }
}
