using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>What real providers' push-backs and outages do to a pool, with scripted providers on a fake clock.</summary>
public sealed class PoolSignalsTests
{
    private static readonly ChatRequest Request = new("q", null, null, null);

    [Fact]
    public async Task CompleteAsync_Isolated429_OnlyThatRowWaitsAndTheLimitStepsDownALittle()
    {
        var time = new FakeTimeProvider();
        var provider = new ScriptedProvider("a", call => call == 1 ? ScriptedProvider.Fail(429, Pushback.Isolated, TimeSpan.FromSeconds(30)) : Task.FromResult(ScriptedProvider.Ok));
        var pool = Pool(time, provider, concurrency: 20);

        await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()));
        Assert.Equal(18, pool.Status()[0].ConcurrencyLimit); // a tenth off, not halved
        // No time passes: the endpoint keeps serving the other rows.
        await pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());

        Assert.Equal(2, provider.Calls);
        await pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        await pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        Assert.Equal(20, pool.Status()[0].ConcurrencyLimit); // and straight back
    }

    [Fact]
    public async Task CompleteAsync_429sCluster_EndpointHeldForItsRetryAfterAndHalved()
    {
        var time = new FakeTimeProvider();
        var provider = new ScriptedProvider("a", call => call <= 3 ? ScriptedProvider.Fail(429, Pushback.Isolated, TimeSpan.FromSeconds(2)) : Task.FromResult(ScriptedProvider.Ok));
        var pool = Pool(time, provider, concurrency: 8); // a cluster is at least 3, or a quarter of the limit

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()));
        }

        var held = pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token());
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(held.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await held.WaitAsync(Timeouts.Token());
        Assert.True(pool.Status()[0].ConcurrencyLimit <= 4, $"limit {pool.Status()[0].ConcurrencyLimit}");
    }

    [Fact]
    public async Task CompleteAsync_EveryRequestFails_OutageHoldsRowsWithoutChargingThemThenGoesOnAfterAProbe()
    {
        var time = new FakeTimeProvider();
        // The first three rounds fail together, each once all four rows have an attempt out, as answers arriving over sockets
        // interleave (on a busy machine a pool thread could otherwise run one row's retries ahead of the others, and a row
        // failing alone is that row's trouble, not an outage); then every attempt fails at once.
        var rounds = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var provider = new ScriptedProvider("a", async call =>
        {
            var round = (call - 1) / 4;
            if (round < rounds.Length)
            {
                if (call % 4 == 0)
                {
                    rounds[round].TrySetResult();
                }

                await rounds[round].Task;
            }

            await Task.Yield();
            return await ScriptedProvider.Fail(500);
        });
        var pool = Pool(time, provider, concurrency: 4);
        var changes = new List<Outage?>();
        pool.OutageChanged += changes.Add;
        var chat = new ResilientChat(pool, new RetrySettings { MaxRetries = 8, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero }, time,
            () => pool.Outage is not null, pool.ConfirmOutage);

        var rows = Enumerable.Range(0, 4).Select(i => chat.CompleteAsync(new ChatRequest($"q{i}", null, null, null), DroppingSink.Instance, () => { }, Timeouts.Token())).ToList();
        await WaitUntilAsync(() => pool.Outage is not null);

        // Down: each probe fails (charged to the row it was) and the next is rescheduled; no row fails for it.
        for (var probe = 0; probe < 5; probe++)
        {
            var heard = changes.Count;
            time.Advance(pool.Outage!.NextProbe - time.GetUtcNow());
            await WaitUntilAsync(() => changes.Count > heard);
        }

        Assert.All(rows, r => Assert.False(r.IsCompleted, r.Exception?.ToString()));
        var outage = pool.Outage!;
        Assert.Equal("a", outage.Endpoint);
        Assert.Contains("HTTP 500", outage.LastError);
        Assert.InRange(outage.NextProbe - time.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromSeconds(10));

        provider.Script = _ => Task.FromResult(ScriptedProvider.Ok);
        time.Advance(TimeSpan.FromSeconds(10));
        await Task.WhenAll(rows).WaitAsync(Timeouts.Token());
        Assert.Null(pool.Outage);
        Assert.Null(changes[^1]);
    }

    [Fact]
    public async Task CompleteAsync_OneRowKeepsFailing_NoOutage()
    {
        var time = new FakeTimeProvider();
        var pool = Pool(time, new ScriptedProvider("a", _ => ScriptedProvider.Fail(500)), concurrency: 4);

        for (var i = 0; i < 30; i++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token()));
        }

        Assert.Null(pool.Outage);
    }

    [Fact]
    public async Task CompleteAsync_MoreCallersThanMaxInFlight_HeldToIt()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource<ChatAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new ScriptedProvider("a", _ => release.Task);
        var pool = new EndpointPool([Endpoint(time, provider, 10)], time, maxInFlight: 3);

        var calls = Enumerable.Range(0, 6).Select(_ => pool.CompleteAsync(Request, DroppingSink.Instance, Timeouts.Token())).ToList();

        Assert.Equal(3, provider.Calls);
        release.SetResult(ScriptedProvider.Ok);
        await Task.WhenAll(calls).WaitAsync(Timeouts.Token());
        Assert.Equal(6, provider.Calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var token = Timeouts.Token();
        while (!condition())
        {
            token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private static EndpointPool Pool(FakeTimeProvider time, ScriptedProvider provider, int concurrency) =>
        new([Endpoint(time, provider, concurrency)], time, concurrency);

    private static Endpoint Endpoint(FakeTimeProvider time, ScriptedProvider provider, int concurrency) =>
        new(new EndpointSpec(provider.Endpoint, "http://x/v1", "m", null, false), provider, concurrency, time,
            new CircuitBreaker(1000, TimeSpan.FromSeconds(15), time));
}
