using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

/// <summary>The push-backs real providers send, sorted by who should wait.</summary>
public sealed class PushbackReaderTests
{
    [Theory]
    // OpenAI: a 429 while the headers say the limit is far from spent is about this request.
    [InlineData(429, "rate_limit_exceeded", "requests", "x-ratelimit-remaining-requests=4000", "Isolated")]
    [InlineData(429, "rate_limit_exceeded", "requests", "x-ratelimit-remaining-requests=0", "LimitSpent")]
    [InlineData(429, "rate_limit_exceeded", "requests", "", "LimitSpent")]
    [InlineData(429, "insufficient_quota", "insufficient_quota", "", "QuotaSpent")]
    // Volcengine Ark: a limit, against one request refused.
    [InlineData(429, "RateLimitExceeded.EndpointRPMExceeded", "TooManyRequests", "", "LimitSpent")]
    [InlineData(429, "ServerOverloaded", "TooManyRequests", "", "Isolated")]
    [InlineData(429, "RateLimitExceeded.EndpointTPDExceeded", "TooManyRequests", "", "QuotaSpent")]
    // Anthropic: rate_limit_error with its own remaining headers; 529 overloaded.
    [InlineData(429, null, "rate_limit_error", "anthropic-ratelimit-requests-remaining=0", "LimitSpent")]
    [InlineData(529, null, "overloaded_error", "", "Isolated")]
    [InlineData(503, "service_unavailable", "server_error", "", "Isolated")]
    [InlineData(500, "server_error", "server_error", "", "None")]
    // A 429 that says nothing: not a limit we know of, so only that row waits.
    [InlineData(429, null, null, "", "Isolated")]
    public void Read_WhatProvidersSend_Sorted(int status, string? code, string? type, string headers, string expected)
    {
        var values = headers.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split('=')).ToDictionary(h => h[0], h => h[1]);

        var pushback = PushbackReader.Read(status, code, type, "message", name => values.GetValueOrDefault(name));

        Assert.Equal(Enum.Parse<Pushback>(expected), pushback);
    }

    [Fact]
    public void Read_DailyLimitInTheMessage_QuotaSpent()
    {
        var pushback = PushbackReader.Read(429, "rate_limit_exceeded", "requests", "Rate limit reached for gpt-4o on requests per day (RPD): Limit 10000", _ => null);

        Assert.Equal(Pushback.QuotaSpent, pushback);
    }
}
