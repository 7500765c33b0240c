using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>Where attempts go, and what each outcome teaches the pool, with scripted providers on a fake clock.</summary>
public sealed class EndpointPoolTests
{
    private static readonly ChatRequest Request = new("q", null, null, null);
    private static readonly ChatAnswer Ok = new("ok", null, "stop", 1, 1);

    [Fact]
    public async Task CompleteAsync_429WithRetryAfter_EndpointOffForEveryoneUntilThen()
    {
        var time = new FakeTimeProvider();
        var a = new FakeProvider("a", call => call == 1 ? throw new ProviderException(ProviderFault.Transient, "429", TimeSpan.FromSeconds(30), status: 429) : Ok);
        var b = new FakeProvider("b", _ => Ok);
        var pool = Pool(time, (a, 1), (b, 1));

        await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()));
        for (var i = 0; i < 5; i++)
        {
            await pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        }

        Assert.Equal((1, 5), (a.Calls, b.Calls));
        Assert.Equal(1, pool.Status()[0].RateLimited);
        Assert.True(pool.Status()[0].ConcurrencyLimit < 8); // halved

        time.Advance(TimeSpan.FromSeconds(30));
        await pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        Assert.Equal(2, a.Calls); // back in the rotation: idle, it wins the tie
    }

    [Fact]
    public async Task CompleteAsync_EndpointKeepsFailing_CircuitOpens_RowsFailOver()
    {
        var time = new FakeTimeProvider();
        var broken = new FakeProvider("broken", _ => Task.FromException<ChatAnswer>(new ProviderException(ProviderFault.Transient, "HTTP 500", status: 500)));
        var good = new FakeProvider("good", _ => Ok);
        var pool = Pool(time, (broken, 1), (good, 1), breakerFailures: 2);

        // Both idle: the first endpoint wins ties, so the broken one is tried until its circuit opens.
        await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()));
        await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()));
        for (var i = 0; i < 10; i++)
        {
            await pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        }

        Assert.Equal((2, 10), (broken.Calls, good.Calls));
        Assert.Equal("open", pool.Status()[0].Circuit);

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("halfOpen", pool.Status()[0].Circuit);
        await Assert.ThrowsAsync<ProviderException>(() => pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()));
        Assert.Equal(3, broken.Calls); // one trial, which failed: open again
        Assert.Equal("open", pool.Status()[0].Circuit);
    }

    [Fact]
    public async Task CompleteAsync_Weights_OutstandingSharedByWeight()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource<ChatAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var light = new FakeProvider("light", _ => release.Task);
        var heavy = new FakeProvider("heavy", _ => release.Task);
        var pool = Pool(time, (light, 1), (heavy, 3));

        var calls = Enumerable.Range(0, 8).Select(_ => pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token())).ToList();

        Assert.Equal((2, 6), (light.Calls, heavy.Calls));
        release.SetResult(Ok);
        await Task.WhenAll(calls).WaitAsync(Timeouts.Token());
        Assert.All(pool.Status(), s => Assert.Equal(0, s.InFlight));
    }

    [Fact]
    public async Task CompleteAsync_RequestsPerMinute_SecondRequestWaitsForTheBucket()
    {
        var time = new FakeTimeProvider();
        var provider = new FakeProvider("a", _ => Ok);
        var pool = Pool(time, [(provider, 1)], requestsPerMinute: 60);

        await pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token()).WaitAsync(Timeouts.Token());
        var second = pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token());
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Timeouts.Token());
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task Learn_LimitStatedOverAShortWindow_RateIsPerThatWindowAndNothingLeftHoldsForOneRefill()
    {
        var time = new FakeTimeProvider();
        var provider = new FakeProvider("a", _ => Ok);
        var pool = Pool(time, [(provider, 1)]);

        // 120 a window that is refilled in 5 s: 24 a second (not 120 a minute); nothing left: one request's refill, 1/24 s.
        pool.Learn(pool.Endpoints[0], new RateLimitSnapshot(120, 0, TimeSpan.FromSeconds(5), null, null, null));
        var call = pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token());
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(20));
        await call.WaitAsync(Timeouts.Token());
        Assert.InRange(pool.Status()[0].RequestsPerMinute!.Value, 24 * 60 * 0.97, 24 * 60);
    }

    [Fact]
    public async Task Learn_PerMinuteLimitRunDry_PacedAtTheMinutesRate()
    {
        var time = new FakeTimeProvider();
        var pool = Pool(time, [(new FakeProvider("a", _ => Ok), 1)]);

        // OpenAI: 600 a minute, none left, full again in a minute.
        pool.Learn(pool.Endpoints[0], new RateLimitSnapshot(600, 0, TimeSpan.FromMinutes(1), null, null, null));
        await Task.CompletedTask;

        Assert.InRange(pool.Status()[0].RequestsPerMinute!.Value, 580, 600);
    }

    [Fact]
    public async Task CompleteAsync_AtConcurrencyLimit_WaitsForARequestToFinish()
    {
        var time = new FakeTimeProvider();
        var first = new TaskCompletionSource<ChatAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var provider = new FakeProvider("a", call => call == 1 ? first.Task : Task.FromResult(Ok));
        var pool = Pool(time, [(provider, 1)], concurrency: 1);

        var one = pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token());
        var two = pool.CompleteAsync(Request, NullSink.Instance, Timeouts.Token());
        Assert.Equal(1, provider.Calls);

        first.SetResult(Ok);
        await Task.WhenAll(one, two).WaitAsync(Timeouts.Token());
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task CompleteAsync_RetryFailsOverToAnotherEndpoint_AnswerNamesTheModelAndEndpointThatAnswered()
    {
        var time = new FakeTimeProvider();
        var broken = new FakeProvider("broken", _ => Task.FromException<ChatAnswer>(
            new ProviderException(ProviderFault.Transient, "HTTP 500", TimeSpan.Zero, status: 500)));
        var good = new FakeProvider("good", _ => Ok);
        EndpointSpec[] specs =
        [
            new("fast", "http://a/v1", "model-a", null, false),
            new("endpoint2", "http://b:8000/v1", "model-b", null, false),
        ];
        var pool = new EndpointPool(
            [
                new Endpoint(specs[0], broken, 8, time, new CircuitBreaker(1, TimeSpan.FromMinutes(1), time), EndpointLabel.Of(specs[0], 0)),
                new Endpoint(specs[1], good, 8, time, new CircuitBreaker(1, TimeSpan.FromMinutes(1), time), EndpointLabel.Of(specs[1], 1)),
            ],
            time);
        var chat = new ResilientChat(pool, new RetrySettings { MaxRetries = 2 }, time);
        var attempts = 0;

        // Both idle: the first endpoint wins the tie and fails; the retry goes to the other.
        var answer = await chat.CompleteAsync(Request, NullSink.Instance, () => attempts++, Timeouts.Token()).WaitAsync(Timeouts.Token());

        Assert.Equal((1, 1, 2), (broken.Calls, good.Calls, attempts));
        Assert.Equal(new AnswerOrigin("model-b", "b:8000/v1"), answer.Origin);
    }

    private static EndpointPool Pool(FakeTimeProvider time, params (FakeProvider Provider, double Weight)[] endpoints) =>
        Pool(time, endpoints, breakerFailures: 10);

    private static EndpointPool Pool(FakeTimeProvider time, (FakeProvider Provider, double Weight) a, (FakeProvider Provider, double Weight) b, int breakerFailures) =>
        Pool(time, [a, b], breakerFailures: breakerFailures);

    private static EndpointPool Pool(FakeTimeProvider time, (FakeProvider Provider, double Weight)[] endpoints, int breakerFailures = 10, int? requestsPerMinute = null, int concurrency = 8) =>
        new(endpoints.Select(e => new Endpoint(
                new EndpointSpec(e.Provider.Endpoint, "http://x/v1", "m", null, false, e.Weight, requestsPerMinute),
                e.Provider,
                concurrency,
                time,
                new CircuitBreaker(breakerFailures, TimeSpan.FromSeconds(15), time))).ToList(),
            time);

    private sealed class FakeProvider(string name, Func<int, Task<ChatAnswer>> answer) : IChatProvider
    {
        private int _calls;

        public FakeProvider(string name, Func<int, ChatAnswer> answer)
            : this(name, call => Task.FromResult(answer(call)))
        {
        }

        public string Endpoint => name;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken) =>
            answer(Interlocked.Increment(ref _calls));
    }

    private sealed class NullSink : IChatDeltaSink
    {
        public static readonly NullSink Instance = new();

        public void OnDelta(string text, bool reasoning)
        {
        }

        public void OnReset()
        {
        }
    }
}
