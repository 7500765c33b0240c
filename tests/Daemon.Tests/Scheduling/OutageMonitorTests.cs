using BatchAi.Daemon.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Scheduling;

public sealed class OutageMonitorTests
{
    [Fact]
    public void OnAnswered_RequestSentBeforeTheFailuresBegan_DoesNotEndTheOutage()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        var longStream = time.GetTimestamp(); // sent while the provider was up, still streaming
        time.Advance(TimeSpan.FromMilliseconds(10));
        for (var row = 0; row < 3; row++)
        {
            monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);
        }

        Assert.NotNull(monitor.Current);
        monitor.OnAnswered(longStream, probe: false);

        Assert.NotNull(monitor.Current);
        Assert.False(monitor.TryAdmit(out _, out var wait)); // still only the probe, once due
        Assert.NotNull(wait);
    }

    [Fact]
    public void OnAnswered_RequestSentBeforeTheFailuresBegan_DoesNotResetTheirCount()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        var longStream = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(10));
        monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);
        monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);

        monitor.OnAnswered(longStream, probe: false);
        var down = monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);

        Assert.True(down);
    }

    [Fact]
    public void OnAnswered_RequestSentAfterTheFirstFailure_ProvesTheProviderUp()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);
        monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);
        time.Advance(TimeSpan.FromMilliseconds(10));

        monitor.OnAnswered(time.GetTimestamp(), probe: false);
        var down = monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);

        Assert.False(down); // the count started again
        Assert.Null(monitor.Current);
    }

    [Fact]
    public void OnAnswered_TheProbe_EndsTheOutage()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        var early = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(10));
        for (var row = 0; row < 3; row++)
        {
            monitor.OnPassingFailure(new object(), "a", "500", probe: false, time.GetTimestamp(), out _);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(monitor.TryAdmit(out var probe, out _));
        Assert.True(probe);
        monitor.OnAnswered(early, probe: true); // whatever its timestamp says, the probe was sent in the outage

        Assert.Null(monitor.Current);
    }

    [Fact]
    public void OnPassingFailure_ProbesGoneToThreeRows_NoLongerChargeTheirRows()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        object[] rows = [new(), new(), new(), new()];
        foreach (var row in rows.Take(3))
        {
            monitor.OnPassingFailure(row, "a", "500", probe: false, time.GetTimestamp(), out _);
        }

        var charged = new List<bool>();
        foreach (var row in rows.Concat(rows))
        {
            time.Advance(monitor.Current!.NextProbe - time.GetUtcNow());
            Assert.True(monitor.TryAdmit(out var probe, out _));
            Assert.True(probe);
            Assert.True(monitor.OnPassingFailure(row, "a", "500", probe: true, time.GetTimestamp(), out var charge));
            charged.Add(charge);
        }

        // The first two rows probed pay (they might be the only rows the provider refuses); from the third on, it is the provider.
        Assert.Equal([true, true, false, false, false, false, false, false], charged);
    }

    [Fact]
    public void OnPassingFailure_OneRowProbedAgainAndAgain_ChargedEachTime()
    {
        var time = new FakeTimeProvider();
        var monitor = new OutageMonitor(time, threshold: 3);
        object[] rows = [new(), new(), new()];
        foreach (var row in rows)
        {
            monitor.OnPassingFailure(row, "a", "500", probe: false, time.GetTimestamp(), out _);
        }

        for (var probe = 0; probe < 6; probe++)
        {
            time.Advance(monitor.Current!.NextProbe - time.GetUtcNow());
            Assert.True(monitor.TryAdmit(out _, out _));
            monitor.OnPassingFailure(rows[0], "a", "500", probe: true, time.GetTimestamp(), out var charge);
            Assert.True(charge);
        }
    }
}
