using BatchAi.Daemon.Cli;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>The rule that splits an auto job's rows between online and batch, on a fake clock with made-up and learned rates.</summary>
public sealed class AutoSplitTests
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Fact]
    public void AllByBatch_OnlyWhenTheCompletionWindowEndsByTheDeadline()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var now = time.GetUtcNow();

        Assert.True(AutoSplit.AllByBatch(now, Day, now + Day));
        Assert.True(AutoSplit.AllByBatch(now, Day, now.AddDays(3)));
        Assert.False(AutoSplit.AllByBatch(now, Day, now + Day - TimeSpan.FromMinutes(1)));
        Assert.False(AutoSplit.AllByBatch(now, Day, null));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(AutoSplit.AllByBatch(time.GetUtcNow(), Day, now + Day)); // a resume a minute later: the window no longer fits
    }

    [Fact]
    public void Keep_IsWhatTheRateFinishesBeforeTheDeadline_ShrinkingAsTheClockRuns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
        var deadline = time.GetUtcNow().AddMinutes(10);

        Assert.Equal(1080, AutoSplit.Keep(2, AutoSplit.Horizon(time.GetUtcNow(), Day, deadline))); // 2 rows/s × 600 s × 0.9
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(540, AutoSplit.Keep(2, AutoSplit.Horizon(time.GetUtcNow(), Day, deadline)));
        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(0, AutoSplit.Keep(2, AutoSplit.Horizon(time.GetUtcNow(), Day, deadline))); // past it: nothing more online
        Assert.Equal(Day, AutoSplit.Horizon(time.GetUtcNow(), Day, null)); // no deadline: what a batch may take
        Assert.Equal(155_520, AutoSplit.Keep(2, AutoSplit.Horizon(time.GetUtcNow(), Day, null)));
    }

    [Fact]
    public void RowsPerSecond_TheLeastOfAnEndpointsPaces_SummedOverThePool()
    {
        var cost = new RowCost(Prompt: 60, Completion: 40);

        Assert.Equal(2, AutoSplit.RowsPerSecond(new EndpointRoom(120), cost));
        Assert.Equal(0.5, AutoSplit.RowsPerSecond(new EndpointRoom(120, TokensPerMinute: 3000), cost)); // 30 rows of 100 tokens a minute
        Assert.Equal(2, AutoSplit.RowsPerSecond(new EndpointRoom(120, TokensPerMinute: 3000), null)); // tokens a row not known yet
        Assert.Equal(0.25, AutoSplit.RowsPerSecond(new EndpointRoom(null, InputTokensPerMinute: 6000, OutputTokensPerMinute: 600), cost)); // 15 answers a minute
        Assert.Equal(2.5, AutoSplit.RowsPerSecond([new EndpointRoom(120), new EndpointRoom(30)], cost));
        Assert.Null(AutoSplit.RowsPerSecond([new EndpointRoom(120), new EndpointRoom(null)], cost)); // one states no limit: measure instead
        Assert.Null(AutoSplit.RowsPerSecond([new EndpointRoom(null)], cost));
    }

    [Fact]
    public void Room_FromAnEndpointsLearnedHeaders_NoneBeforeThem()
    {
        var time = new FakeTimeProvider();
        var spec = new EndpointSpec("e", "http://x/v1", "m", null, false);
        var endpoint = new Endpoint(spec, new NoProvider(), 8, time, new CircuitBreaker(10, TimeSpan.FromSeconds(15), time));
        var pool = new EndpointPool([endpoint], time);

        Assert.Null(AutoSplit.RowsPerSecond(pool.Endpoints.Select(AutoSplit.Room), null));
        // OpenAI's headers: 120 requests a minute, reset in a minute.
        pool.Learn(endpoint, new RateLimitSnapshot(120, 100, TimeSpan.FromMinutes(1), null, null, null));

        Assert.InRange(AutoSplit.RowsPerSecond(pool.Endpoints.Select(AutoSplit.Room), null)!.Value, 1.9, 2.0);
    }

    [Fact]
    public void OnlineRate_NoneUntilAWholeSpanIsMeasured_ThenTheAnswersASecond()
    {
        var time = new FakeTimeProvider();
        var endpoint = new Endpoint(new EndpointSpec("e", "http://x/v1", "m", null, false), new NoProvider(), 8, time, new CircuitBreaker(10, TimeSpan.FromSeconds(15), time));
        var pool = new EndpointPool([endpoint], time);
        var rate = new OnlineRate(time);

        Assert.Null(rate.Sample(pool));
        for (var second = 1; second <= 12; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            endpoint.CountRequest();
            endpoint.CountRequest();
            endpoint.CountRequest();
            Assert.True(second < 10 ? rate.Sample(pool) is null : rate.Sample(pool) is > 2.9 and < 3.1, $"after {second} s");
        }
    }

    [Fact]
    public void OnlineCut_NeverBelowARowClaimedOnline_NeverUp_AndRowsPastItAreRefused()
    {
        var cut = new OnlineCut();
        Assert.True(cut.TryClaim(0));
        Assert.True(cut.TryClaim(7));

        Assert.True(cut.Lower(3)); // row 7 went online already: the cut is past it
        Assert.Equal(8, cut.Limit);
        Assert.False(cut.TryClaim(8));
        Assert.True(cut.TryClaim(5));
        Assert.False(cut.Lower(20)); // rows handed to the batch side are not taken back
        Assert.True(cut.Lower(0) is false && cut.Limit == 8);
        Assert.Equal(0, new OnlineCut(0).Limit);
        Assert.False(new OnlineCut(0).TryClaim(0));
    }

    [Fact]
    public void DeadlineOption_IsoTimeOrDurationFromNow()
    {
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.AddMinutes(90), DeadlineOption.Parse("90m", now));
        Assert.Equal(now.AddDays(2), DeadlineOption.Parse("2d", now));
        Assert.Equal(now.AddHours(1.5), DeadlineOption.Parse("1.5h", now));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), DeadlineOption.Parse("2026-12-08T09:00Z", now));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 8, 0, 0, TimeSpan.Zero), DeadlineOption.Parse("2026-12-08T09:00+01:00", now));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), DeadlineOption.Parse("2026-12-08T09:00", now)); // UTC unless it says
        Assert.Null(DeadlineOption.Parse("tomorrow", now));
        Assert.Null(DeadlineOption.Parse("2026-12-08", now));
        Assert.Null(DeadlineOption.Parse("5w", now));
    }

    private sealed class NoProvider : IChatProvider
    {
        public string Endpoint => "e";

        public Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
