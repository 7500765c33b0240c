using System.Globalization;
using System.Net;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorWindowLimitTests
{
    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_RequestsPerWindowOf5Seconds_StatesNumberPerWindowAndRefusesUntilWindowPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { RequestsPerWindow = 3, RateLimitWindow = TimeSpan.FromSeconds(5), TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("w 1", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var second = await PostChatAsync(http, ChatBody("w 2", stream: false), ct);
        using var third = await PostChatAsync(http, ChatBody("w 3", stream: false), ct);
        using var refused = await PostChatAsync(http, ChatBody("w 4", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(4));
        using var afterOldestLeft = await PostChatAsync(http, ChatBody("w 5", stream: false), ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            [first.StatusCode, second.StatusCode, third.StatusCode, refused.StatusCode, afterOldestLeft.StatusCode]);
        // The number per window, not per minute, as servers with short windows state it.
        Assert.Equal("3", Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("2", Header(first, "x-ratelimit-remaining-requests"));
        // With room left, reset is when the window is full again: 5 s after the newest request.
        Assert.Equal("5s", Header(first, "x-ratelimit-reset-requests"));
        Assert.Equal("1", Header(second, "x-ratelimit-remaining-requests"));
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
        // Spent: reset and Retry-After say when there is room again, when the first request (at 0 s) leaves at 5 s.
        Assert.Equal("4s", Header(refused, "x-ratelimit-reset-requests"));
        Assert.Equal("4000", Header(refused, "retry-after-ms"));
        Assert.Equal("4", Header(refused, "Retry-After"));
        Assert.Equal("rate_limit_exceeded", (await ErrorOfAsync(refused, ct)).GetProperty("code").GetString());
        Assert.Equal(1, server.Stats.RateLimitedRequests);
        Assert.Equal(4, server.Stats.LimitGranted);
        Assert.Equal(3, server.Stats.PeakRequestsInWindow);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_SubSecondReset_FormattedInMilliseconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { RequestsPerWindow = 1, RateLimitWindow = TimeSpan.FromSeconds(1), TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("ms 1", stream: false), ct);
        clock.Advance(TimeSpan.FromMilliseconds(980));
        using var refused = await PostChatAsync(http, ChatBody("ms 2", stream: false), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("20ms", Header(refused, "x-ratelimit-reset-requests"));
        Assert.Equal("20", Header(refused, "retry-after-ms"));
        Assert.Equal("1", Header(refused, "Retry-After"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_TokensPerWindow_StatesTokensAndRefusesWhatDoesNotFit()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { TokensPerWindow = 60, RateLimitWindow = TimeSpan.FromSeconds(10), TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock, MinAnswerTokens = 20, MaxAnswerTokens = 20 };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("tokens one", stream: false), ct);
        var used = 60 - long.Parse(Header(first, "x-ratelimit-remaining-tokens")!, CultureInfo.InvariantCulture);
        using var refused = await PostChatAsync(http, ChatBody("tokens two", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(10));
        using var later = await PostChatAsync(http, ChatBody("tokens three", stream: false), ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("60", Header(first, "x-ratelimit-limit-tokens"));
        Assert.True(used > 30, $"an answer of 20 words and its prompt cost more than half the limit, got {used}");
        Assert.Null(Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("10000", Header(refused, "retry-after-ms"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_IsolatedRateLimited429WithLimitConfigured_ShowsRemainingHigh()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new SimulatorOptions { RequestsPerWindow = 250, RateLimitWindow = TimeSpan.FromSeconds(5), TimeToFirstToken = TimeSpan.Zero };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var answered = await PostChatAsync(http, ChatBody("isolated 1", stream: false), ct);
        using var isolated = await PostChatAsync(http, ChatBody("isolated 2 [[sim:429x1]]", stream: false), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, isolated.StatusCode);
        Assert.Equal("250", Header(isolated, "x-ratelimit-limit-requests"));
        Assert.Equal("248", Header(isolated, "x-ratelimit-remaining-requests"));
        Assert.Equal("1", Header(isolated, "Retry-After"));
        Assert.Equal("1000", Header(isolated, "retry-after-ms"));
        Assert.Equal("rate_limit_exceeded", (await ErrorOfAsync(isolated, ct)).GetProperty("code").GetString());
        Assert.Equal(0, server.Stats.RateLimitedRequests);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.RateLimited429]);
    }
}
