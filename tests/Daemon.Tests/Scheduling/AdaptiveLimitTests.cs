using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>Additive increase, multiplicative decrease, on a fake clock.</summary>
public sealed class AdaptiveLimitTests
{
    [Fact]
    public void OnOverload_Halves_BurstWithinCooldownCountsOnce()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveLimit(64, 64, time, TimeSpan.FromSeconds(1));

        Assert.True(limit.OnOverload());
        Assert.False(limit.OnOverload());
        Assert.False(limit.OnOverload());
        Assert.Equal(32, limit.Current);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limit.OnOverload());
        Assert.Equal(16, limit.Current);
    }

    [Fact]
    public void OnOverload_AfterMeasuredRoundTrip_DecreasesAgainAfterOneRoundTrip()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveLimit(64, 64, time, TimeSpan.FromSeconds(10));
        limit.OnSuccess(TimeSpan.FromMilliseconds(200));

        limit.OnOverload();
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(limit.OnOverload());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limit.OnOverload());
        Assert.Equal(TimeSpan.FromMilliseconds(200), limit.Cooldown);
    }

    [Fact]
    public void OnSuccess_LimitsWorthOfSuccesses_AddsOne()
    {
        var limit = new AdaptiveLimit(10, 100, new FakeTimeProvider());

        for (var i = 0; i < 10; i++)
        {
            limit.OnSuccess();
        }

        Assert.Equal(10, limit.Current); // 10 + ten times about 1/10, just under 11 as the step shrinks
        for (var i = 0; i < 2; i++)
        {
            limit.OnSuccess();
        }

        Assert.Equal(11, limit.Current);
    }

    [Fact]
    public void Limit_NeverBelowOneNorAboveMax()
    {
        var time = new FakeTimeProvider();
        var limit = new AdaptiveLimit(2, 3, time, TimeSpan.Zero);

        for (var i = 0; i < 5; i++)
        {
            limit.OnOverload();
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1, limit.Current);
        for (var i = 0; i < 1000; i++)
        {
            limit.OnSuccess();
        }

        Assert.Equal(3, limit.Current);
    }
}
