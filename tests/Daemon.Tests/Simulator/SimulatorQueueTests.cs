using System.Net;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorQueueTests
{
    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_BeyondQueueCapacity_WaitsForASlotNever429()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { QueueCapacity = 2, TimeToFirstToken = TimeSpan.FromSeconds(1), TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        var calls = Enumerable.Range(0, 3).Select(i => PostChatAsync(http, ChatBody($"queued {i}", stream: i % 2 == 0), ct)).ToList();
        await server.Stats.WaitUntilAsync(s => s.InFlight == 3 && s.Queued == 1, ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        // A slot is given back after the answer is counted: wait for both.
        await server.Stats.WaitUntilAsync(s => s.CompletedRequests == 2 && s.Queued == 0, ct);
        // The third got its slot when one of the first two finished, at 1 s: its first token is due at 2 s, not yet.
        var completedAtOneSecond = server.Stats.CompletedRequests;
        var responses = await AdvanceUntilAsync(clock, Task.WhenAll(calls), ct);

        Assert.Equal(2, completedAtOneSecond);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, server.Stats.CompletedRequests);
        Assert.Equal(1, server.Stats.MaxQueued);
        Assert.Equal(3, server.Stats.MaxConcurrent);
        Assert.Equal(0, server.Stats.RateLimitedRequests);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_QueuedClientHangsUp_LeavesTheQueue()
    {
        var ct = TestContext.Current.CancellationToken;
        // On a clock that stands still, the first request holds the one slot for good.
        var options = new SimulatorOptions { QueueCapacity = 1, TimeToFirstToken = TimeSpan.FromHours(1), TimeProvider = new FakeTimeProvider() };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var holder = PostChatAsync(http, ChatBody("holds the slot", stream: true), ct);
        await server.Stats.WaitUntilAsync(s => s.InFlight == 1, ct);
        var waiter = PostChatAsync(http, ChatBody("waits", stream: false), giveUp.Token);
        await server.Stats.WaitUntilAsync(s => s.Queued == 1, ct);
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        await server.Stats.WaitUntilAsync(s => s.Queued == 0 && s.InFlight == 1, ct);
        Assert.Equal(0, server.Stats.CompletedRequests);
        _ = holder;
    }

    // The server may take a request's start time after an Advance and register its wait just after: advance again until done.
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
