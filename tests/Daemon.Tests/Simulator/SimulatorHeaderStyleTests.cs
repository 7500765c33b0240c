using System.Globalization;
using System.Net;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorHeaderStyleTests
{
    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_AzureStyle_StatesOnlyWhatRemainsAndRetryAfterMs()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions
        {
            RequestsPerWindow = 1, TokensPerWindow = 10_000, RateLimitWindow = TimeSpan.FromSeconds(10),
            RateLimitHeaders = RateLimitHeaderStyle.Azure, TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock,
        };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("azure 1", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(2));
        using var refused = await PostChatAsync(http, ChatBody("azure 2", stream: false), ct);

        Assert.Equal("0", Header(first, "x-ratelimit-remaining-requests"));
        Assert.NotNull(Header(first, "x-ratelimit-remaining-tokens"));
        Assert.DoesNotContain(first.Headers, h => h.Key.StartsWith("x-ratelimit-limit", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("x-ratelimit-reset", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("8000", Header(refused, "retry-after-ms"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_AnthropicStyle_StatesRequestsInputOutputWithRfc3339Resets()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var options = new SimulatorOptions
        {
            RequestsPerWindow = 10, InputTokensPerWindow = 1000, OutputTokensPerWindow = 40, RateLimitWindow = TimeSpan.FromMinutes(1),
            RateLimitHeaders = RateLimitHeaderStyle.Anthropic, TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock, MinAnswerTokens = 20, MaxAnswerTokens = 20,
        };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("anthropic 1", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(30));
        using var outputSpent = await PostChatAsync(http, ChatBody("anthropic 2", stream: false), ct);

        Assert.Equal("10", Header(first, "anthropic-ratelimit-requests-limit"));
        Assert.Equal("9", Header(first, "anthropic-ratelimit-requests-remaining"));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 12, 1, 0, TimeSpan.Zero),
            DateTimeOffset.Parse(Header(first, "anthropic-ratelimit-requests-reset")!, CultureInfo.InvariantCulture));
        Assert.Equal("1000", Header(first, "anthropic-ratelimit-input-tokens-limit"));
        Assert.Equal("40", Header(first, "anthropic-ratelimit-output-tokens-limit"));
        Assert.True(int.Parse(Header(first, "anthropic-ratelimit-output-tokens-remaining")!, CultureInfo.InvariantCulture) < 20);
        Assert.DoesNotContain(first.Headers, h => h.Key.StartsWith("x-ratelimit", StringComparison.OrdinalIgnoreCase));
        // Output tokens are spent while requests and input tokens are not: refused until the first answer leaves the window.
        Assert.Equal(HttpStatusCode.TooManyRequests, outputSpent.StatusCode);
        Assert.Equal("30", Header(outputSpent, "Retry-After"));
        Assert.Null(Header(outputSpent, "retry-after-ms"));
        Assert.Equal("9", Header(outputSpent, "anthropic-ratelimit-requests-remaining"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_NoHeaderStyle_EnforcesLimitWithRetryAfterOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new SimulatorOptions { RequestsPerWindow = 1, RateLimitWindow = TimeSpan.FromSeconds(30), RateLimitHeaders = RateLimitHeaderStyle.None, TimeToFirstToken = TimeSpan.Zero, TimeProvider = new FakeTimeProvider() };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("none 1", stream: false), ct);
        using var refused = await PostChatAsync(http, ChatBody("none 2", stream: false), ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("30", Header(refused, "Retry-After"));
        foreach (var response in new[] { first, refused })
        {
            Assert.DoesNotContain(response.Headers, h => h.Key.Contains("ratelimit", StringComparison.OrdinalIgnoreCase) || h.Key == "retry-after-ms");
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ArkErrorStyle_LimitRefusalHasArkBody()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new SimulatorOptions { RequestsPerWindow = 1, ErrorStyle = ErrorStyle.Ark, RateLimitHeaders = RateLimitHeaderStyle.None, TimeToFirstToken = TimeSpan.Zero, TimeProvider = new FakeTimeProvider() };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("ark 1", stream: false), ct);
        using var refused = await PostChatAsync(http, ChatBody("ark 2", stream: false), ct);

        var error = await ErrorOfAsync(refused, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("RateLimitExceeded.EndpointRPMExceeded", error.GetProperty("code").GetString());
        Assert.Equal("TooManyRequests", error.GetProperty("type").GetString());
        Assert.Equal("", error.GetProperty("param").GetString());
        Assert.Contains("Request ID: req_", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
