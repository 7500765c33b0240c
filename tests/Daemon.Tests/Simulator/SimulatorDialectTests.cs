using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorDialectTests
{
    private const string Question = "Give me a long answer please.";

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_MaxTokensOnly_RefusesMaxCompletionTokensAndCapsWithMaxTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { MaxTokensParameter = MaxTokensParameter.MaxTokensOnly }, cancellationToken: ct);
        using var http = Raw(server);

        using var refused = await PostChatAsync(http, WithCap("max_completion_tokens", 5), ct);
        var (content, finish) = await AnswerAsync(await PostChatAsync(http, WithCap("max_tokens", 5), ct), ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorOfAsync(refused, ct);
        Assert.Equal("Unrecognized request argument supplied: max_completion_tokens", error.GetProperty("message").GetString());
        Assert.Equal(("invalid_request_error", "max_completion_tokens", "unknown_parameter"),
            (error.GetProperty("type").GetString(), error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("Simulated answer to \"Give me", content);
        Assert.Equal("length", finish);
        Assert.Equal(1, server.Stats.DialectRefusals);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_MaxCompletionTokensOnly_RefusesMaxTokensAndCapsWithMaxCompletionTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { MaxTokensParameter = MaxTokensParameter.MaxCompletionTokensOnly }, cancellationToken: ct);
        using var http = Raw(server);

        using var refused = await PostChatAsync(http, WithCap("max_tokens", 5), ct);
        var (content, finish) = await AnswerAsync(await PostChatAsync(http, WithCap("max_completion_tokens", 5), ct), ct);

        var error = await ErrorOfAsync(refused, ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", error.GetProperty("message").GetString());
        Assert.Equal(("max_tokens", "unsupported_parameter"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal("Simulated answer to \"Give me", content);
        Assert.Equal("length", finish);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_MaxTokensIgnoringOther_CapDoesNotHoldUnderTheOtherName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { MaxTokensParameter = MaxTokensParameter.MaxTokensIgnoringOther }, cancellationToken: ct);
        using var http = Raw(server);

        var (ignored, ignoredFinish) = await AnswerAsync(await PostChatAsync(http, WithCap("max_completion_tokens", 5), ct), ct);
        var (capped, cappedFinish) = await AnswerAsync(await PostChatAsync(http, WithCap("max_tokens", 5), ct), ct);

        Assert.Equal((SimulatorServer.AnswerFor(Question), "stop"), (ignored, ignoredFinish));
        Assert.Equal(("Simulated answer to \"Give me", "length"), (capped, cappedFinish));
        Assert.Equal(0, server.Stats.DialectRefusals);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ReasoningPlacementReasoning_SendsReasoningField()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Reasoning = true, ReasoningPlacement = ReasoningPlacement.Reasoning }, cancellationToken: ct);
        using var http = Raw(server);

        using var whole = await PostChatAsync(http, ChatBody(Question, stream: false), ct);
        using var streamed = await PostChatAsync(http, ChatBody(Question, stream: true), ct);

        var message = JsonDocument.Parse(await whole.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(SimulatorServer.ReasoningFor(Question), message.GetProperty("reasoning").GetString());
        Assert.False(message.TryGetProperty("reasoning_content", out _));
        var chunks = SseData(await streamed.Content.ReadAsStringAsync(ct)).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(SimulatorServer.ReasoningFor(Question), DeltaText(chunks, "reasoning"));
        Assert.Equal("", DeltaText(chunks, "reasoning_content"));
        Assert.Equal(SimulatorServer.AnswerFor(Question), DeltaText(chunks, "content"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ReasoningPlacementThinkTags_ThinkingLeadsTheContent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { ReasoningPlacement = ReasoningPlacement.ThinkTags }, cancellationToken: ct);
        using var http = Raw(server);
        var expected = "<think>" + SimulatorServer.ReasoningFor(Question) + "</think>\n\n" + SimulatorServer.AnswerFor(Question);

        using var streamed = await PostChatAsync(http, ChatBody(Question, stream: true, model: "sim-reasoner"), ct);
        using var whole = await PostChatAsync(http, ChatBody(Question, stream: false, model: "sim-reasoner"), ct);

        var chunks = SseData(await streamed.Content.ReadAsStringAsync(ct)).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(expected, DeltaText(chunks, "content"));
        Assert.Equal("", DeltaText(chunks, "reasoning_content"));
        var root = JsonDocument.Parse(await whole.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal(expected, root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(0, root.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    private static JsonObject WithCap(string parameter, int cap)
    {
        var body = ChatBody(Question, stream: false);
        body[parameter] = cap;
        return body;
    }

    private static async Task<(string? Content, string? FinishReason)> AnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var choice = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0];
            return (choice.GetProperty("message").GetProperty("content").GetString(), choice.GetProperty("finish_reason").GetString());
        }
    }
}
