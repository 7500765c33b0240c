using System.Net.Http.Json;
using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorSlowStreamTests
{
    private const string Question = "Is anyone there?";

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_KeepAliveWhileWaitingStreaming_CommentsBeforeTheFirstChunk()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.FromSeconds(3), KeepAliveInterval = TimeSpan.FromSeconds(1), TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var response = await SendAsync(http, stream: true, ct);
        // Headers arrive at once, while the clock stands still: the request is alive before its first token.
        var body = await AdvanceUntilAsync(clock, response.Content.ReadAsStringAsync(ct), ct);

        var keepAlives = body.Split("\n\n").TakeWhile(e => e == ": keep-alive").Count();
        Assert.InRange(keepAlives, 1, 2);
        Assert.Equal(keepAlives, server.Stats.KeepAlivesSent);
        var data = SseData(body[(keepAlives * ": keep-alive\n\n".Length)..]).Where(d => d != "[DONE]").Select(d => JsonDocument.Parse(d).RootElement);
        Assert.Equal(SimulatorServer.AnswerFor(Question), DeltaText(data, "content"));
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_KeepAliveWhileWaitingWhole_EmptyLinesBeforeTheJson()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.FromSeconds(3), KeepAliveInterval = TimeSpan.FromSeconds(1), TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var response = await SendAsync(http, stream: false, ct);
        var body = await AdvanceUntilAsync(clock, response.Content.ReadAsStringAsync(ct), ct);

        Assert.StartsWith("\n", body, StringComparison.Ordinal);
        Assert.Equal(server.Stats.KeepAlivesSent, body.TakeWhile(c => c == '\n').Count());
        var content = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal(SimulatorServer.AnswerFor(Question), content);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_DripDirective_FewChunksThenSilenceUntilClientHangsUp()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, DripChunks = 3 }, cancellationToken: ct);
        using var http = Raw(server);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        const string question = "Drip [[sim:drip]]";

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(ChatBody(question, stream: true)) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var pieces = new List<string>();
        while (pieces.Count < 3 && await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var delta = JsonDocument.Parse(line["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("delta");
                if (delta.TryGetProperty("content", out var c) && c.GetString() is { Length: > 0 } text)
                {
                    pieces.Add(text);
                }
            }
        }
        // Three pieces in, the request is still held open and nothing says it is over.
        var stillHeld = server.Stats.InFlight;
        await giveUp.CancelAsync();
        response.Dispose();
        await server.Stats.WaitUntilAsync(s => s.InFlight == 0, ct);

        Assert.StartsWith(string.Concat(pieces), SimulatorServer.AnswerFor(question), StringComparison.Ordinal);
        Assert.Equal(1, stillHeld);
        Assert.Equal(0, server.Stats.CompletedRequests);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.Drip]);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, bool stream, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(ChatBody(Question, stream)) };
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    // The server may compute a wait before an Advance and register it just after: advance again until the body is complete.
    private static async Task<T> AdvanceUntilAsync<T>(FakeTimeProvider clock, Task<T> task, CancellationToken ct)
    {
        while (!task.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, ct));
        }
        return await task;
    }
}
