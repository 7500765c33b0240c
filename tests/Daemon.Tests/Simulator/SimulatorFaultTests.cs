using System.ClientModel;
using System.Net;
using System.Text.Json;
using BatchAi.Simulator;
using OpenAI.Chat;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorFaultTests
{
    [Fact(Timeout = 20_000)]
    public async Task CompleteChatStreamingAsync_429Directive_ThrowsClientResultExceptionWithRetryAfter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RetryAfter = TimeSpan.FromMilliseconds(2500) }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => StreamAsync(Sdk(server), "Slow down [[sim:429]]", ct));

        Assert.Equal(429, error.Status);
        var headers = error.GetRawResponse()!.Headers;
        Assert.True(headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("3", retryAfter);
        Assert.True(headers.TryGetValue("retry-after-ms", out var retryAfterMs));
        Assert.Equal("2500", retryAfterMs);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("rate_limit_exceeded", body.GetProperty("code").GetString());
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.RateLimited429]);
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatAsync_500x2Directive_FailsTwiceThenSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        var client = Sdk(server);
        const string question = "Flaky [[sim:500x2]]";

        var first = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(question)], cancellationToken: ct));
        var second = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(question)], cancellationToken: ct));
        ChatCompletion third = await client.CompleteChatAsync([new UserChatMessage(question)], cancellationToken: ct);

        Assert.Equal([500, 500], [first.Status, second.Status]);
        Assert.Equal(SimulatorServer.AnswerFor(question), third.Content[0].Text);
        Assert.Equal(3, server.Stats.RequestsFor(question));
        Assert.Equal(2, server.Stats.FaultsInjected);
        Assert.Equal(2, server.Stats.FaultsByKind[SimulatorFault.ServerError500]);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_ChainedDirectives_ApplyInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        const string question = "Chain [[sim:503x1]][[sim:429x1]]";
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 3; i++)
        {
            using var response = await PostChatAsync(http, ChatBody(question, stream: false), ct);
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("error");
                Assert.Equal("server_error", error.GetProperty("type").GetString());
                Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
            }
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatStreamingAsync_CutDirective_ThrowsMidStreamAfterPartialAnswer()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        const string question = "Cut me off [[sim:cut]]";
        var received = new System.Text.StringBuilder();

        var error = await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (var update in Sdk(server).CompleteChatStreamingAsync([new UserChatMessage(question)], cancellationToken: ct))
            {
                received.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            }
        });

        var full = SimulatorServer.AnswerFor(question);
        Assert.NotEqual(0, received.Length);
        Assert.True(received.Length < full.Length, "the stream must end before the whole answer");
        Assert.StartsWith(received.ToString(), full, StringComparison.Ordinal);
        Assert.Equal(0, server.Stats.CompletedRequests);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.StreamCut]);
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatStreamingAsync_HangDirectiveAndClientCancels_ReleasesRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = StreamAsync(Sdk(server), "Hello? [[sim:hang]]", giveUp.Token);
        await server.Stats.WaitUntilAsync(s => s.InFlight == 1, ct);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await server.Stats.WaitUntilAsync(s => s.InFlight == 0, ct);
        Assert.Equal(0, server.Stats.CompletedRequests);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.NeverAnswers]);
    }

    [Fact(Timeout = 20_000)]
    public async Task DisposeAsync_WithHungRequest_ReleasesClientAndStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);

        var call = PostChatAsync(http, ChatBody("Wait forever [[sim:hang]]", stream: true), ct);
        await server.Stats.WaitUntilAsync(s => s.InFlight == 1, ct);
        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), ct);

        await Assert.ThrowsAsync<HttpRequestException>(() => call);
        Assert.Equal(0, server.Stats.InFlight);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_SameSeed_InjectsSameRandomFaults()
    {
        var ct = TestContext.Current.CancellationToken;
        var questions = Enumerable.Range(0, 24).Select(i => $"Seeded question {i}").ToList();

        var firstRun = await StatusesAsync(questions, ct);
        var secondRun = await StatusesAsync(questions, ct);

        Assert.Equal(firstRun, secondRun);
        Assert.Contains(HttpStatusCode.OK, firstRun);
        Assert.Contains(HttpStatusCode.InternalServerError, firstRun);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_FaultRateChangedAtRunTime_AppliesToNextRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);

        server.Options.FaultKinds = [SimulatorFault.Unavailable503];
        server.Options.FaultRate = 1;
        using var faulted = await PostChatAsync(http, ChatBody("Runtime toggle", stream: false), ct);
        server.Options.FaultRate = 0;
        using var healthy = await PostChatAsync(http, ChatBody("Runtime toggle", stream: false), ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(1, server.Stats.FaultsByKind[SimulatorFault.Unavailable503]);
    }

    private static async Task<List<HttpStatusCode>> StatusesAsync(List<string> questions, CancellationToken ct)
    {
        var options = new SimulatorOptions { FaultRate = 0.5, FaultKinds = [SimulatorFault.ServerError500], Seed = 42, TimeToFirstToken = TimeSpan.Zero };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        // Concurrent on purpose: seeded faults must not depend on arrival order.
        var responses = await Task.WhenAll(questions.Select(q => PostChatAsync(http, ChatBody(q, stream: false), ct)));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(statuses.Count(s => s != HttpStatusCode.OK), server.Stats.FaultsInjected);
        foreach (var response in responses)
        {
            response.Dispose();
        }
        return statuses;
    }
}
