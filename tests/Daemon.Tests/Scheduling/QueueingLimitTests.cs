using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>The latency-gradient limit against a modelled server that queues past its batch capacity, on the fake clock.</summary>
public sealed class QueueingLimitTests
{
    [Fact]
    public void OnFirstToken_QueueingServerOfCapacity50_SettlesPastTheKneeNotAtTheMax()
    {
        var time = new FakeTimeProvider();
        var limit = new QueueingLimit(1000, time);
        var (throughput, inFlight) = Run(time, limit, capacity: 50, TimeSpan.FromSeconds(120));

        // The server's best is 50 per 200 ms: 250 a second.
        Assert.InRange(throughput, 250 * 0.9, 250 * 1.01);
        Assert.InRange(inFlight, 50, 200); // within the tolerance and slack of the knee, far from the 1,000 allowed
    }

    [Fact]
    public void OnFirstToken_QueueingServerFlooded_LimitComesDownWithinSeconds()
    {
        var time = new FakeTimeProvider();
        var limit = new QueueingLimit(1000, time);
        // The first round goes out at the job's 1,000 (a latency-bound cloud endpoint needs them at once); its answers,
        // queued up to 4 s deep, must bring the limit down while they come back, not a smoothed step per round trip.
        var (_, inFlight) = Run(time, limit, capacity: 50, TimeSpan.FromSeconds(6), measureFrom: TimeSpan.FromSeconds(4));

        Assert.InRange(inFlight, 50, 200);
    }

    [Fact]
    public void OnFirstToken_LatencyIndependentOfLoad_StaysAtMax()
    {
        var time = new FakeTimeProvider();
        var limit = new QueueingLimit(200, time);

        Run(time, limit, capacity: int.MaxValue, TimeSpan.FromSeconds(60));

        Assert.Equal(200, limit.Current);
    }

    [Fact]
    public void OnFirstToken_ProviderSlowerForEveryone_LimitComesBackAfterRebaseline()
    {
        var time = new FakeTimeProvider();
        var limit = new QueueingLimit(100, time);
        for (var i = 0; i < 50; i++)
        {
            limit.OnFirstToken(TimeSpan.FromMilliseconds(200), 100);
        }

        // Now every answer takes 1 s, whatever is in flight: at first the limit comes down ...
        for (var i = 0; i < 200; i++)
        {
            limit.OnFirstToken(TimeSpan.FromSeconds(1), limit.Current);
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        // ... then the baseline, measured again at half the limit, is 1 s: nothing queues, and it widens again.
        for (var i = 0; i < 2000; i++)
        {
            limit.OnFirstToken(TimeSpan.FromSeconds(1), Math.Min(limit.Current, 10));
            limit.OnFirstToken(TimeSpan.FromSeconds(1), limit.Current);
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.InRange(limit.Current, 90, 100);
    }

    // A server with `capacity` slots, each answering in 200 ms; requests beyond wait in its queue (FIFO).
    private static (double Throughput, double InFlight) Run(FakeTimeProvider time, QueueingLimit limit, int capacity, TimeSpan duration, TimeSpan? measureFrom = null)
    {
        var service = TimeSpan.FromMilliseconds(200);
        var step = TimeSpan.FromMilliseconds(5);
        var queue = new Queue<(DateTimeOffset Sent, int InFlight)>();
        var serving = new List<(DateTimeOffset Done, DateTimeOffset Sent, int InFlight)>();
        var inFlight = 0;
        var completed = 0;
        var sumInFlight = 0.0;
        var samples = 0;
        var start = time.GetUtcNow();
        var measured = measureFrom ?? duration / 2;
        var from = start + measured;
        while (time.GetUtcNow() < start + duration)
        {
            var now = time.GetUtcNow();
            foreach (var done in serving.Where(s => s.Done <= now).ToList())
            {
                serving.Remove(done);
                inFlight--;
                limit.OnFirstToken(now - done.Sent, done.InFlight);
                if (now >= from)
                {
                    completed++;
                }
            }

            while (inFlight < limit.Current)
            {
                inFlight++;
                queue.Enqueue((now, inFlight));
            }

            while (serving.Count < capacity && queue.Count > 0)
            {
                var (sent, at) = queue.Dequeue();
                serving.Add((now + service, sent, at));
            }

            if (now >= from)
            {
                sumInFlight += inFlight;
                samples++;
            }
            time.Advance(step);
        }

        return (completed / (duration - measured).TotalSeconds, sumInFlight / Math.Max(1, samples));
    }
}
