using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BatchAi.Simulator;
using OpenAI.Chat;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorServerTests
{
    [Fact(Timeout = 20_000)]
    public async Task StartAsync_PortZero_BindsLoopbackIPv4Only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.Equal("/v1", server.BaseUrl.AbsolutePath);
        Assert.NotEqual(0, server.BaseUrl.Port);
        using var ipv6 = new TcpClient(AddressFamily.InterNetworkV6);
        // A dual-stack or any-address bind would accept this; a 127.0.0.1 bind refuses it (or the host has no IPv6).
        await Assert.ThrowsAsync<SocketException>(() => ipv6.ConnectAsync(IPAddress.IPv6Loopback, server.BaseUrl.Port, ct).AsTask());
    }

    [Fact(Timeout = 20_000)]
    public async Task Models_Get_ListsSimulatedModels()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);

        var root = JsonDocument.Parse(await http.GetStringAsync("/v1/models", ct)).RootElement;

        Assert.Equal("list", root.GetProperty("object").GetString());
        var ids = root.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("sim-small", ids);
        Assert.All(root.GetProperty("data").EnumerateArray(), m => Assert.Equal("model", m.GetProperty("object").GetString()));
    }

    [Fact(Timeout = 20_000)]
    public async Task UnknownPathOrBadJson_ReturnOpenAiErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);

        using var missing = await http.GetAsync("/v1/nothing-here", ct);
        using var badJson = await http.PostAsync("/v1/chat/completions", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        var error = JsonDocument.Parse(await badJson.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, server.Stats.TotalRequests);
    }

    [Fact(Timeout = 20_000)]
    public async Task Stats_RequestsPerQuestion_CountedAndServedAsJsonUntilReset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        var client = Sdk(server);
        using var http = Raw(server);

        await client.CompleteChatAsync([new UserChatMessage("q-one")], cancellationToken: ct);
        await client.CompleteChatAsync([new SystemChatMessage("sys"), new UserChatMessage("q-one")], cancellationToken: ct);
        await StreamAsync(client, "q-two", ct);
        var json = JsonDocument.Parse(await http.GetStringAsync("/sim/stats", ct)).RootElement;
        var completedByQuestion = server.Stats.CompletedByQuestion;
        using var reset = await http.PostAsync("/sim/reset", null, ct);

        Assert.Equal(2, json.GetProperty("requestsByQuestion").GetProperty("q-one").GetInt32());
        Assert.Equal(1, json.GetProperty("requestsByQuestion").GetProperty("q-two").GetInt32());
        Assert.Equal(3, json.GetProperty("totalRequests").GetInt64());
        Assert.Equal(3, json.GetProperty("completedRequests").GetInt64());
        Assert.Equal(2, completedByQuestion["q-one"]);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, server.Stats.TotalRequests);
        Assert.Equal(0, server.Stats.RequestsFor("q-one"));
        Assert.Empty(server.Stats.RequestsByQuestion);
        Assert.Empty(server.Stats.CompletedByQuestion);
    }

    [Fact(Timeout = 20_000)]
    public async Task Stats_RequestsBySettings_CountsModelSystemPromptTemperatureAndMaxTokensUntilReset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { CountByQuestion = false }, cancellationToken: ct);
        using var http = Raw(server);
        var tuned = ChatBody("q-one", stream: true, model: "m2", maxTokens: 50);
        tuned["temperature"] = 0.25;
        var completionTokens = ChatBody("q-two", stream: false);
        completionTokens["max_completion_tokens"] = 7;
        completionTokens["max_tokens"] = 99;

        using var first = await PostChatAsync(http, tuned, ct);
        using var second = await PostChatAsync(http, tuned, ct);
        using var third = await PostChatAsync(http, completionTokens, ct);
        await Sdk(server).CompleteChatAsync([new UserChatMessage("q-three")], cancellationToken: ct);
        var json = JsonDocument.Parse(await http.GetStringAsync("/sim/stats", ct)).RootElement;

        // Counted whatever CountByQuestion says: the settings are few.
        Assert.Equal(
            new Dictionary<RequestSettings, int>
            {
                [new RequestSettings("m2", "You are terse.", 0.25, 50)] = 2,
                [new RequestSettings("sim-small", "You are terse.", null, 7)] = 1,
                [new RequestSettings("sim-small", null, null, null)] = 1,
            },
            server.Stats.RequestsBySettings);
        var tunedJson = json.GetProperty("requestsBySettings").EnumerateArray().Single(e => e.GetProperty("model").GetString() == "m2");
        Assert.Equal(("You are terse.", 0.25, 50, 2),
            (tunedJson.GetProperty("systemPrompt").GetString(), tunedJson.GetProperty("temperature").GetDouble(),
             tunedJson.GetProperty("maxTokens").GetInt32(), tunedJson.GetProperty("requests").GetInt32()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("requestsBySettings").EnumerateArray()
            .Single(e => e.GetProperty("systemPrompt").ValueKind == JsonValueKind.Null).GetProperty("temperature").ValueKind);
        server.Reset();
        Assert.Empty(server.Stats.RequestsBySettings);
    }

    [Fact(Timeout = 20_000)]
    public async Task Stats_CountByQuestionOff_CountsRequestsKeepsNoQuestions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { CountByQuestion = false }, cancellationToken: ct);
        var client = Sdk(server);

        await client.CompleteChatAsync([new UserChatMessage("q-one")], cancellationToken: ct);

        Assert.Equal(1, server.Stats.TotalRequests);
        Assert.Empty(server.Stats.RequestsByQuestion);
    }

    [Fact(Timeout = 20_000)]
    public async Task Reset_AfterCountedDirective_RestartsDirectiveCount()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Once [[sim:500x1]]";

        using var failed = await PostChatAsync(http, ChatBody(question, stream: false), ct);
        server.Reset();
        using var failedAgain = await PostChatAsync(http, ChatBody(question, stream: false), ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failedAgain.StatusCode);
        Assert.Equal(1, server.Stats.RequestsFor(question));
    }
}
