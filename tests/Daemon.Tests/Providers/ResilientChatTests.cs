using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Providers;

/// <summary>Retry policy on a fake clock: exact waits, no real time spent.</summary>
public sealed class ResilientChatTests
{
    private static readonly ChatRequest Request = new("q", null, null, null);

    [Fact]
    public async Task CompleteAsync_429WithRetryAfter_WaitsExactlyThatLongThenRetries()
    {
        var time = new FakeTimeProvider();
        var provider = new ScriptedProvider(new ProviderException(ProviderFault.Transient, "HTTP 429", TimeSpan.FromSeconds(30)));
        var chat = new ResilientChat(provider, new RetrySettings { MaxRetries = 3 }, time);
        var attempts = 0;

        var answer = chat.CompleteAsync(Request, NullSink.Instance, () => attempts++, Timeouts.Token());
        await provider.Called(1).WaitAsync(Timeouts.Token());
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, provider.Calls);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ok", (await answer.WaitAsync(Timeouts.Token())).Answer);
        Assert.Equal(2, provider.Calls);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task CompleteAsync_RejectedRequest_NotRetried()
    {
        var provider = new ScriptedProvider(new ProviderException(ProviderFault.Rejected, "HTTP 400: bad"));
        var chat = new ResilientChat(provider, new RetrySettings { MaxRetries = 3 }, new FakeTimeProvider());

        var e = await Assert.ThrowsAsync<ProviderException>(() => chat.CompleteAsync(Request, NullSink.Instance, () => { }, Timeouts.Token()));

        Assert.Equal(ProviderFault.Rejected, e.Fault);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task CompleteAsync_PassingFaultsBeyondLimit_LastErrorThrownAfterAllAttempts()
    {
        var time = new FakeTimeProvider();
        var fault = new ProviderException(ProviderFault.Transient, "HTTP 503", TimeSpan.FromSeconds(1));
        var provider = new ScriptedProvider(fault, fault, fault);
        var chat = new ResilientChat(provider, new RetrySettings { MaxRetries = 2 }, time);
        var sink = new CountingSink();

        var answer = chat.CompleteAsync(Request, sink, () => { }, Timeouts.Token());
        for (var call = 1; call <= 2; call++)
        {
            await provider.Called(call).WaitAsync(Timeouts.Token());
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var e = await Assert.ThrowsAsync<ProviderException>(() => answer.WaitAsync(Timeouts.Token()));
        Assert.Equal("HTTP 503", e.Message);
        Assert.Equal(3, provider.Calls);
        Assert.Equal(2, sink.Resets);
    }

    private sealed class ScriptedProvider(params Exception[] failures) : IChatProvider
    {
        private readonly Dictionary<int, TaskCompletionSource> _called = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Endpoint => "http://127.0.0.1:1/v1 (model m)";

        public Task Called(int count)
        {
            lock (_called)
            {
                if (!_called.TryGetValue(count, out var tcs))
                {
                    _called[count] = tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                if (Calls >= count)
                {
                    tcs.TrySetResult();
                }

                return tcs.Task;
            }
        }

        public Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            Called(call);
            return call <= failures.Length
                ? Task.FromException<ChatAnswer>(failures[call - 1])
                : Task.FromResult(new ChatAnswer("ok", null, "stop", 1, 1));
        }
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

    private sealed class CountingSink : IChatDeltaSink
    {
        public int Resets { get; private set; }

        public void OnDelta(string text, bool reasoning)
        {
        }

        public void OnReset() => Resets++;
    }
}
