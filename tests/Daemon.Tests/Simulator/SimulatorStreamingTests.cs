using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorStreamingTests
{
    [Fact(Timeout = 20_000)]
    public async Task CompleteChatStreamingAsync_AnyQuestion_StreamsExactlyAnswerForLive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        const string question = "What is the capital of France? Überprüfe «quotes» and 日本語 too.";

        var (text, updates) = await StreamAsync(Sdk(server), question, ct);

        Assert.Equal(SimulatorServer.AnswerFor(question), text);
        Assert.True(updates.Count(u => u.ContentUpdate.Count > 0) > 5, "the answer should arrive as many small deltas");
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var usage = Assert.Single(updates, u => u.Usage is not null).Usage;
        Assert.True(usage.OutputTokenCount > 5);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_RawStream_HasOpenAiChunkSequence()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Raw stream framing?";

        using var response = await PostChatAsync(http, ChatBody(question, stream: true), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var data = SseData(body);
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(chunks[..^2], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("usage").ValueKind));
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        var usage = last.GetProperty("usage");
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(SimulatorServer.AnswerFor(question), DeltaText(chunks, "content"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ReasonerModel_StreamsReasoningBeforeContent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Think first, then answer.";

        using var response = await PostChatAsync(http, ChatBody(question, stream: true, model: "sim-reasoner"), ct);
        var data = SseData(await response.Content.ReadAsStringAsync(ct));

        var chunks = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(SimulatorServer.ReasoningFor(question), DeltaText(chunks, "reasoning_content"));
        Assert.Equal(SimulatorServer.AnswerFor(question), DeltaText(chunks, "content"));
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0].GetProperty("delta")).ToList();
        var lastReasoning = deltas.FindLastIndex(d => d.TryGetProperty("reasoning_content", out _));
        var firstContent = deltas.FindIndex(d => d.TryGetProperty("content", out var v) && v.GetString()!.Length > 0);
        Assert.True(lastReasoning < firstContent, "reasoning must come before content");
        var details = chunks[^1].GetProperty("usage").GetProperty("completion_tokens_details");
        Assert.True(details.GetProperty("reasoning_tokens").GetInt32() > 0);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_PacedOnFakeClock_FlushesFirstTokenBeforeTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, TokensPerSecond = 1, TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Are tokens flushed one by one?";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(ChatBody(question, stream: true)),
        };

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) is not null && !line.Contains("\"content\":\"Simulated\"", StringComparison.Ordinal))
        {
        }

        // The first token arrived while the fake clock stood still: it was flushed on its own, and the rest is still pending.
        Assert.NotNull(line);
        Assert.Equal(0, server.Stats.CompletedRequests);
        Assert.Equal(1, server.Stats.InFlight);
        // The server may compute a token's delay before an Advance and register it just after, leaving it waiting on a clock
        // that no longer moves: advance again until the stream ends (each pass releases whatever was registered since).
        var reading = reader.ReadToEndAsync(ct);
        while (!reading.IsCompleted)
        {
            clock.Advance(TimeSpan.FromHours(1));
            await Task.WhenAny(reading, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, ct));
        }

        var rest = await reading;
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
        await server.Stats.WaitUntilAsync(s => s.CompletedRequests == 1, ct);
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatStreamingAsync_MaxOutputTokens_CutsAnswerWithFinishReasonLength()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        const string question = "Give me a long answer please.";

        var (text, updates) = await StreamAsync(Sdk(server), question, ct, new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.StartsWith(text, SimulatorServer.AnswerFor(question), StringComparison.Ordinal);
        Assert.Equal("Simulated answer to \"Give me", text);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Length);
        Assert.Equal(5, Assert.Single(updates, u => u.Usage is not null).Usage.OutputTokenCount);
    }
}
