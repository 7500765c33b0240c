using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>
/// A job of 100 requests in flight paced by what one limit's headers say, against modelled providers on the fake clock:
/// requests leave when the pace allows, answers (with headers) come back a round trip later.
/// </summary>
public sealed class PaceTests
{
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(5);
    private const int Concurrency = 100;

    [Theory]
    [InlineData("SlidingUntilClear")]
    [InlineData("SlidingUntilOldestLeaves")]
    [InlineData("TokenBucket")]
    public void Observe_250PerFiveSecondsStatedInHeaders_UsesAtLeast95PercentWithFew429s(string kind)
    {
        var server = new WindowServerModel(250, TimeSpan.FromSeconds(5), Enum.Parse<WindowServerModel.Kind>(kind));

        var (accepted, refused) = Run(server, TimeSpan.FromSeconds(60), headers: true);

        // A token bucket starts full; a sliding window allows 250 in the first 5 s like in any other.
        var allowed = (250 / 5.0 * 60) + (kind == "TokenBucket" ? 250 : 0);
        Assert.True(accepted / allowed is >= 0.95 and <= 1.01 && refused / (double)(accepted + refused) < 0.02, $"accepted {accepted} of {allowed}, refused {refused}");
    }

    [Fact]
    public void Observe_PerMinuteTokenBucket_PacesAtTheMinutesRate()
    {
        var server = new WindowServerModel(600, TimeSpan.FromMinutes(1), WindowServerModel.Kind.TokenBucket);

        var (accepted, refused) = Run(server, TimeSpan.FromMinutes(3), headers: true);

        // A full bucket at the start (600) and ten a second after.
        var allowed = 600 + (10 * 180);
        Assert.True(accepted / (double)allowed is >= 0.95 and <= 1.01 && refused / (double)(accepted + refused) < 0.02, $"accepted {accepted} of {allowed}, refused {refused}");
    }

    [Fact]
    public void Observe_RequestsStillInFlight_NotSpentAgainFromWhatRemains()
    {
        var pace = new Pace(new FakeTimeProvider(), null);
        pace.Observe(250, 200, TimeSpan.FromSeconds(5)); // a full window's burst learned: 200 may go

        pace.Observe(250, 150, TimeSpan.FromSeconds(5), uncounted: 100); // 100 are on their way the provider did not count

        Assert.Equal(TimeSpan.Zero, pace.WaitFor(50));
        Assert.NotEqual(TimeSpan.Zero, pace.WaitFor(51));
    }

    [Fact]
    public void Observe_AboutAllThatRemainsInFlight_StillOneMayGo()
    {
        // At a pace just under the limit the requests in flight are about all that remains: the pace, not the cap, decides.
        var pace = new Pace(new FakeTimeProvider(), null);
        pace.Observe(250, 250, TimeSpan.FromSeconds(5));

        pace.Observe(250, 10, TimeSpan.FromSeconds(5), uncounted: 10);

        Assert.Equal(TimeSpan.Zero, pace.WaitFor(1));
    }

    [Fact]
    public void OnRefused_HeldForRetryAfter_NothingSavedUpMeanwhile()
    {
        var time = new FakeTimeProvider();
        var pace = new Pace(time, null);
        pace.Observe(250, 250, TimeSpan.FromSeconds(5)); // 50 a second, bursts of up to 250

        pace.OnRefused(TimeSpan.FromSeconds(4));
        pace.OnRefused(TimeSpan.FromSeconds(4)); // a burst of 429s for one spent window is one hold
        time.Advance(TimeSpan.FromSeconds(4));

        // At the hold's end the bucket is empty, not 200 requests full: a sliding window frees its slots as they age out.
        Assert.NotEqual(TimeSpan.Zero, pace.WaitFor(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.InRange(pace.Bucket!.Available, 45, 50); // a second's worth, not the window's 250
    }

    [Fact]
    public void PerSecond_NothingSaid_NoPace()
    {
        var pace = new Pace(new FakeTimeProvider(), null);

        pace.OnAccepted(1);

        Assert.Null(pace.PerMinute);
        Assert.Equal(TimeSpan.Zero, pace.WaitFor(1));
    }

    [Fact]
    public void Observe_NeverAboveConfiguredRate()
    {
        var pace = new Pace(new FakeTimeProvider(), configuredPerMinute: 60);

        pace.Observe(1000, 999, TimeSpan.FromSeconds(1));

        Assert.Equal(60, pace.PerMinute!.Value, 3);
    }

    [Fact]
    public void Observe_ResetOfSixMinutes_TakenAsAMinute()
    {
        var pace = new Pace(new FakeTimeProvider(), null);

        pace.Observe(600, 0, TimeSpan.FromMinutes(6));

        Assert.Equal(TimeSpan.FromMinutes(1), pace.Learner.Stated.Window);
        Assert.InRange(pace.PerMinute!.Value, 580, 600);
    }

    [Fact]
    public void Observe_RemainingOnly_MostRemainingSeenIsTheLimit()
    {
        var pace = new Pace(new FakeTimeProvider(), null);

        pace.Observe(null, 99, null);
        pace.Observe(null, 80, null);

        Assert.Equal(100, pace.Learner.Stated.Limit);
    }

    // Every step, as many requests as the pace and 100 in flight allow; each answer's headers taught a round trip later.
    private static (int Accepted, int Refused) Run(WindowServerModel server, TimeSpan duration, bool headers)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pace = new Pace(time, null);
        var holdUntil = DateTimeOffset.MinValue;
        var answers = new Queue<(DateTimeOffset At, bool Accepted, int Limit, int Remaining, TimeSpan Reset, TimeSpan RetryAfter)>();
        var end = time.GetUtcNow() + duration;
        while (time.GetUtcNow() < end)
        {
            var now = time.GetUtcNow();
            while (answers.Count > 0 && answers.Peek().At <= now)
            {
                var a = answers.Dequeue();
                if (headers && pace.Observe(a.Limit, a.Remaining, a.Reset, uncounted: answers.Count) is { } hold && now + hold > holdUntil)
                {
                    holdUntil = now + hold;
                }
                if (a.Accepted)
                {
                    pace.OnAccepted(1);
                }
                else
                {
                    pace.OnRefused(a.RetryAfter);
                    holdUntil = Max(holdUntil, now + a.RetryAfter);
                }
            }

            while (now >= holdUntil && answers.Count < Concurrency && pace.WaitFor(1) == TimeSpan.Zero)
            {
                pace.Take(1);
                var (accepted, limit, remaining, reset, retryAfter) = server.Arrive(now);
                answers.Enqueue((now + RoundTrip, accepted, limit, remaining, reset, retryAfter));
            }

            time.Advance(Step);
        }

        return (server.Accepted, server.Refused);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
