using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorCompletionTests
{
    [Fact(Timeout = 20_000)]
    public async Task CompleteChatAsync_AnyQuestion_ReturnsAnswerForWithUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        const string question = "Non-streaming, please.";

        ChatCompletion completion = await Sdk(server).CompleteChatAsync([new UserChatMessage(question)], cancellationToken: ct);

        Assert.Equal(SimulatorServer.AnswerFor(question), Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal(O200k.CountTokens(question) + 3 + 3, completion.Usage.InputTokenCount);
        Assert.True(completion.Usage.OutputTokenCount > 5);
        Assert.Equal(1, server.Stats.CompletedRequests);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_RawNonStreaming_HasOpenAiShape()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { Reasoning = true }, cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Shape check";

        using var response = await PostChatAsync(http, ChatBody(question, stream: false, model: "any-model-name"), ct);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.Equal("any-model-name", root.GetProperty("model").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 1_600_000_000);
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray().ToList());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(SimulatorServer.AnswerFor(question), message.GetProperty("content").GetString());
        Assert.Equal(SimulatorServer.ReasoningFor(question), message.GetProperty("reasoning_content").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatAsync_MaxOutputTokens_CutsAnswerWithFinishReasonLength()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        const string question = "Limit me";

        ChatCompletion completion = await Sdk(server).CompleteChatAsync(
            [new UserChatMessage(question)], new ChatCompletionOptions { MaxOutputTokenCount = 3 }, ct);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal("Simulated answer to", completion.Content[0].Text);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_RawMaxTokens_StreamEndsWithFinishReasonLength()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);

        using var response = await PostChatAsync(http, ChatBody("Legacy max_tokens", stream: true, maxTokens: 2), ct);
        var data = SseData(await response.Content.ReadAsStringAsync(ct));

        var finish = JsonDocument.Parse(data[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason");
        Assert.Equal("length", finish.GetString());
        Assert.Equal("Simulated answer", DeltaText(data[..^1].Select(d => JsonDocument.Parse(d).RootElement), "content"));
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatAsync_ConcurrentRequestsOnFakeClock_WaitForTtftAndCountMaxConcurrent()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.FromSeconds(1), TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var client = Sdk(server);
        var questions = Enumerable.Range(0, 4).Select(i => $"Concurrent question {i}").ToList();

        var calls = questions.Select(q => client.CompleteChatAsync([new UserChatMessage(q)], cancellationToken: ct)).ToList();
        await server.Stats.WaitUntilAsync(s => s.InFlight == 4, ct);

        Assert.Equal(4, server.Stats.MaxConcurrent);
        Assert.Equal(0, server.Stats.CompletedRequests);
        // A request may compute its delay before the Advance and register it just after, on a clock that no longer moves
        // (the wider the more work before the wait, such as counting prompt tokens): advance again until all have answered.
        var all = Task.WhenAll(calls);
        while (!all.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, ct));
        }

        var results = await all;
        Assert.Equal(questions.Select(q => SimulatorServer.AnswerFor(q)), results.Select(r => r.Value.Content[0].Text));
        await server.Stats.WaitUntilAsync(s => s.InFlight == 0, ct);
        Assert.Equal(4, server.Stats.MaxConcurrent);
    }

    // The simulator's token: a word with its leading space (the prompt here has no CJK).
    private static readonly Microsoft.ML.Tokenizers.Tokenizer O200k = Microsoft.ML.Tokenizers.TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_SystemAndUser_PromptTokensCountedByO200kWithChatFraming()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        const string question = "为什么天空是蓝色的？ Why is the sky blue, in one paragraph?";

        using var response = await PostChatAsync(http, ChatBody(question, stream: false), ct);
        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("usage");

        // As OpenAI counts for its o200k models: each message's content, 3 per message, 3 priming the reply.
        Assert.Equal(O200k.CountTokens("You are terse.") + 3 + O200k.CountTokens(question) + 3 + 3, usage.GetProperty("prompt_tokens").GetInt32());
    }
}
