using System.Threading.RateLimiting;
using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>The request and token buckets, on a fake clock.</summary>
public sealed class ClockedTokenBucketTests
{
    [Fact]
    public void TryTake_BurstSpent_RefusedWithRetryAfterUntilRefilled()
    {
        var time = new FakeTimeProvider();
        var bucket = new ClockedTokenBucket(perMinute: 600, time); // 10 a second, burst 10

        for (var i = 0; i < 10; i++)
        {
            Assert.True(bucket.TryTake(1).IsAcquired);
        }

        using var refused = bucket.TryTake(1);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait);

        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(bucket.TryTake(1).IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake(1).IsAcquired);
    }

    [Fact]
    public void TryTake_SustainedRate_EqualsConfiguredPerMinute()
    {
        var time = new FakeTimeProvider();
        var bucket = new ClockedTokenBucket(perMinute: 1200, time);
        var granted = 0;

        // One minute in 10 ms steps, taking whatever is there.
        for (var step = 0; step < 6000; step++)
        {
            while (bucket.TryTake(1).IsAcquired)
            {
                granted++;
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // The rate for 60 s plus the one-second burst it started with.
        Assert.InRange(granted, 1200 + 20 - 2, 1200 + 20);
    }

    [Fact]
    public void CapAt_ProviderSaysLess_BucketHoldsNoMoreThanThat()
    {
        var time = new FakeTimeProvider();
        var bucket = new ClockedTokenBucket(perMinute: 6000, time);

        bucket.CapAt(2);

        Assert.True(bucket.TryTake(1).IsAcquired);
        Assert.True(bucket.TryTake(1).IsAcquired);
        Assert.False(bucket.TryTake(1).IsAcquired);
    }

    [Fact]
    public void Adjust_RealCostHigherThanEstimate_DebtDelaysNextRequest()
    {
        var time = new FakeTimeProvider();
        var bucket = new ClockedTokenBucket(perMinute: 60_000, time); // 1,000 tokens a second

        Assert.True(bucket.TryTake(1000).IsAcquired);
        bucket.Adjust(-500); // it cost 1,500

        Assert.Equal(TimeSpan.FromSeconds(0.6), bucket.WaitFor(100));
    }

    [Fact]
    public void TryTake_CostAboveCapacity_FullBucketPaysAndGoesIntoDebt()
    {
        var time = new FakeTimeProvider();
        var bucket = new ClockedTokenBucket(perMinute: 600, time); // capacity 10

        Assert.True(bucket.TryTake(25).IsAcquired);

        Assert.Equal(TimeSpan.FromSeconds(1.6), bucket.WaitFor(1));
    }
}
