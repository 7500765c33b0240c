using System.Net;
using System.Text.Json;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>The simulator's <c>n</c>: choices as OpenAI sends them, or one choice (DeepSeek), or a 400 (Groq).</summary>
public sealed class SimulatorChoicesTests
{
    private const string Question = "Name a colour.";

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_NWhole_ChoicesByIndexEachTheAnswerOfItsSeedUsageOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        using var http = Raw(server);
        var body = ChatBody(Question, stream: false);
        body["n"] = 3;
        body["seed"] = 1;
        var single = ChatBody(Question, stream: false);
        single["seed"] = 2;

        using var response = await PostChatAsync(http, body, ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        using var alone = JsonDocument.Parse(await (await PostChatAsync(http, single, ct)).Content.ReadAsStringAsync(ct));

        var choices = json.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        // Choice i is draw seed + i: the same answer a request with that seed alone gets.
        Assert.Equal([1, 2, 3], choices.Select(c => Enumerable.Range(0, 5).Single(s => SimulatorServer.AnswerFor(Question, sample: s) == c.GetProperty("message").GetProperty("content").GetString())));
        Assert.Equal(choices[1].GetProperty("message").GetProperty("content").GetString(),
            alone.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var usage = json.RootElement.GetProperty("usage");
        Assert.Equal(alone.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > alone.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_NStreamed_EachChunkOneChoiceByIndex()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        using var http = Raw(server);
        var body = ChatBody(Question, stream: true);
        body["n"] = 2;

        using var response = await PostChatAsync(http, body, ct);
        var chunks = SseData(await response.Content.ReadAsStringAsync(ct)).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement.Clone()).ToList();

        string Text(int index) => string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Where(c => c.GetProperty("index").GetInt32() == index && c.GetProperty("delta").TryGetProperty("content", out _))
            .Select(c => c.GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal(SimulatorServer.AnswerFor(Question), Text(0));
        Assert.Equal(SimulatorServer.AnswerFor(Question, sample: 1), Text(1));
        Assert.Equal(2, chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()).Count(c => c.GetProperty("finish_reason").ValueKind == JsonValueKind.String));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_NIgnoredOrRefused_OneChoiceOr400NamingN()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ignoring = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, ChoicesSupport = ChoicesSupport.Ignored }, cancellationToken: ct);
        await using var refusing = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, ChoicesSupport = ChoicesSupport.Refused }, cancellationToken: ct);
        var body = ChatBody(Question, stream: false);
        body["n"] = 2;

        using var http1 = Raw(ignoring);
        using var one = JsonDocument.Parse(await (await PostChatAsync(http1, body, ct)).Content.ReadAsStringAsync(ct));
        using var http2 = Raw(refusing);
        using var refused = await PostChatAsync(http2, body.DeepClone().AsObject(), ct);

        Assert.Single(one.RootElement.GetProperty("choices").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("n", (await ErrorOfAsync(refused, ct)).GetProperty("param").GetString());
        Assert.Equal(1, refusing.Stats.DialectRefusals);
    }
}
