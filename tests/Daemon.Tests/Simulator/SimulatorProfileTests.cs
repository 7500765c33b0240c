using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorProfileTests
{
    [Fact]
    public void Create_EveryName_AppliesAndUnknownNameListsTheKnownOnes()
    {
        foreach (var name in SimulatorProfile.Names)
        {
            Assert.NotNull(SimulatorProfile.Create(name));
        }

        var error = Assert.Throws<ArgumentException>(() => SimulatorProfile.Create("nonesuch"));
        Assert.Contains("vllm", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_OpenAiProfile_PerMinuteLimitsInHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(SimulatorProfile.Create("openai"), cancellationToken: ct);
        using var http = Raw(server);

        using var response = await PostChatAsync(http, ChatBody("profile openai", stream: false), ct);

        Assert.Equal("5000", Header(response, "x-ratelimit-limit-requests"));
        Assert.Equal("4999", Header(response, "x-ratelimit-remaining-requests"));
        Assert.Equal("1m0s", Header(response, "x-ratelimit-reset-requests"));
        Assert.Equal("4000000", Header(response, "x-ratelimit-limit-tokens"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_VllmProfile_NoHeadersMaxTokensOnlyReasoningField()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = SimulatorProfile.Create("vllm");
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        var capped = ChatBody("profile vllm", stream: false, model: "sim-reasoner");
        capped["max_completion_tokens"] = 3;

        using var answered = await PostChatAsync(http, ChatBody("profile vllm", stream: false, model: "sim-reasoner"), ct);
        using var refused = await PostChatAsync(http, capped, ct);

        Assert.Equal(256, options.QueueCapacity);
        Assert.DoesNotContain(answered.Headers, h => h.Key.Contains("ratelimit", StringComparison.OrdinalIgnoreCase));
        var message = JsonDocument.Parse(await answered.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.True(message.TryGetProperty("reasoning", out _));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("unknown_parameter", (await ErrorOfAsync(refused, ct)).GetProperty("code").GetString());
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ArkProfileWithSmallLimit_ArkBodyNoHeadersMaxCompletionTokensIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = SimulatorProfile.Create("ark");
        options.RequestsPerWindow = 1;
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        var body = ChatBody("profile ark", stream: false);
        body["max_completion_tokens"] = 2;

        using var answered = await PostChatAsync(http, body, ct);
        using var refused = await PostChatAsync(http, ChatBody("profile ark 2", stream: false), ct);

        var content = JsonDocument.Parse(await answered.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal(SimulatorServer.AnswerFor("profile ark"), content);
        Assert.DoesNotContain(answered.Headers, h => h.Key.Contains("ratelimit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("RateLimitExceeded.EndpointRPMExceeded", (await ErrorOfAsync(refused, ct)).GetProperty("code").GetString());
    }

    [Fact(Timeout = 20_000)]
    public async Task Stats_Json_ReportsLimitQueueOutageAndDialectCounters()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new SimulatorOptions { RequestsPerWindow = 10, QueueCapacity = 4, MaxTokensParameter = MaxTokensParameter.MaxTokensOnly, TimeToFirstToken = TimeSpan.Zero };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        var refused = ChatBody("stats 2", stream: false);
        refused["max_completion_tokens"] = 1;

        using var first = await PostChatAsync(http, ChatBody("stats 1", stream: false), ct);
        using var second = await PostChatAsync(http, refused, ct);
        var json = JsonDocument.Parse(await http.GetStringAsync("/sim/stats", ct)).RootElement;

        Assert.Equal(1, json.GetProperty("limitGranted").GetInt64());
        Assert.Equal(1, json.GetProperty("peakRequestsInWindow").GetInt64());
        Assert.Equal(1, json.GetProperty("dialectRefusals").GetInt64());
        Assert.Equal(0, json.GetProperty("maxQueued").GetInt32());
        Assert.False(json.GetProperty("outageActive").GetBoolean());
        foreach (var name in new[] { "quotaRefusals", "outageRequests", "keepAlivesSent", "queued" })
        {
            Assert.Equal(JsonValueKind.Number, json.GetProperty(name).ValueKind);
        }
    }
}
