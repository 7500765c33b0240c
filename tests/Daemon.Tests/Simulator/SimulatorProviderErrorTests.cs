using System.Net;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorProviderErrorTests
{
    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_OverloadedDirective_ArkServerOverloadedForThatRequestOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Busy? [[sim:overloadedx1]]";

        using var refused = await PostChatAsync(http, ChatBody(question, stream: false), ct);
        using var other = await PostChatAsync(http, ChatBody("Someone else", stream: false), ct);
        using var retried = await PostChatAsync(http, ChatBody(question, stream: false), ct);

        var error = await ErrorOfAsync(refused, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("ServerOverloaded", error.GetProperty("code").GetString());
        Assert.Equal("TooManyRequests", error.GetProperty("type").GetString());
        Assert.Equal("1", Header(refused, "Retry-After"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], [other.StatusCode, retried.StatusCode]);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.ServerOverloaded429]);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_QuotaDirective_InsufficientQuotaWithoutRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        using var http = Raw(server);

        using var refused = await PostChatAsync(http, ChatBody("Out of money [[sim:quota]]", stream: true), ct);

        var error = await ErrorOfAsync(refused, ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("code").GetString());
        Assert.Equal("You exceeded your current quota, please check your plan and billing details.", error.GetProperty("message").GetString());
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.QuotaExceeded429]);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_QuotaExhaustedMode_RefusesEveryRequestUntilTurnedOff()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { QuotaExhausted = true, TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        using var http = Raw(server);

        var statuses = new List<HttpStatusCode>();
        foreach (var question in new[] { "q 1", "q 2", "q 3" })
        {
            using var response = await PostChatAsync(http, ChatBody(question, stream: false), ct);
            statuses.Add(response.StatusCode);
            Assert.Equal("insufficient_quota", (await ErrorOfAsync(response, ct)).GetProperty("code").GetString());
        }
        server.Options.QuotaExhausted = false;
        using var afterTopUp = await PostChatAsync(http, ChatBody("q 4", stream: false), ct);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.OK, afterTopUp.StatusCode);
        Assert.Equal(3, server.Stats.QuotaRefusals);
        Assert.Equal(0, server.Stats.RateLimitedRequests);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_RandomFaultKindsOverloadedAndQuota_DrawnFromList()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new SimulatorOptions { FaultRate = 1, FaultKinds = [SimulatorFault.ServerOverloaded429, SimulatorFault.QuotaExceeded429], Seed = 7, TimeToFirstToken = TimeSpan.Zero };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        var codes = new List<string?>();
        for (var i = 0; i < 16; i++)
        {
            using var response = await PostChatAsync(http, ChatBody($"random {i}", stream: false), ct);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            codes.Add((await ErrorOfAsync(response, ct)).GetProperty("code").GetString());
        }

        Assert.Contains("ServerOverloaded", codes);
        Assert.Contains("insufficient_quota", codes);
        Assert.Equal(16, server.Stats.FaultsInjected);
    }

    [Fact]
    public void SimulatorFaultNames_EveryFaultHasAName()
    {
        var named = SimulatorFaultNames.All.Select(n => SimulatorFaultNames.TryParse(n, out var f) ? f : (SimulatorFault?)null).ToHashSet();

        Assert.Equal(Enum.GetValues<SimulatorFault>().Cast<SimulatorFault?>().ToHashSet(), named);
        Assert.False(SimulatorFaultNames.TryParse("nonsense", out _));
    }
}
