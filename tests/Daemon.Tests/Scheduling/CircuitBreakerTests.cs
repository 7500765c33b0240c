using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>Closed → open after failures in a row → one trial after the break → closed or open again.</summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public void OnFailure_ThresholdInARow_OpensUntilBreakEnds_ThenOneTrial()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(3, TimeSpan.FromSeconds(10), time);

        Assert.False(breaker.OnFailure());
        Assert.False(breaker.OnFailure());
        Assert.True(breaker.OnFailure());
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.CanSend());

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.CanSend());
        breaker.OnSend();
        Assert.False(breaker.CanSend()); // only the one trial

        breaker.OnSuccess();
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.CanSend());
    }

    [Fact]
    public void OnFailure_TrialFails_OpenAgainForAnotherBreak()
    {
        var time = new FakeTimeProvider();
        var breaker = new CircuitBreaker(1, TimeSpan.FromSeconds(5), time);
        breaker.OnFailure();
        time.Advance(TimeSpan.FromSeconds(5));
        breaker.OnSend();

        Assert.True(breaker.OnFailure());

        Assert.Equal(CircuitState.Open, breaker.State);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(breaker.CanSend());
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(breaker.CanSend());
    }

    [Fact]
    public void OnSuccess_BetweenFailures_ResetsTheCount()
    {
        var breaker = new CircuitBreaker(2, TimeSpan.FromSeconds(5), new FakeTimeProvider());

        breaker.OnFailure();
        breaker.OnSuccess();
        breaker.OnFailure();

        Assert.Equal(CircuitState.Closed, breaker.State);
    }
}
