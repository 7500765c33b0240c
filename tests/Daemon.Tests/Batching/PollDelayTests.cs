using BatchAi.Daemon.Batching;
using Microsoft.Extensions.Time.Testing;

namespace BatchAi.Daemon.Tests.Batching;

public sealed class PollDelayTests
{
    [Fact]
    public void Next_WhileNothingChanges_GrowsByHalfUpToTheCap_AndAChangeStartsAgain()
    {
        var delay = new PollDelay(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        var waits = Enumerable.Range(0, 6).Select(_ => delay.Next(changed: false).TotalSeconds).ToList();
        var afterChange = delay.Next(changed: true);

        Assert.Equal([3, 4.5, 6.75, 10, 10, 10], waits);
        Assert.Equal(TimeSpan.FromSeconds(2), afterChange);
    }

    [Fact]
    public async Task Next_OnAFakeClock_ThePollWaitsExactlyItsDelay()
    {
        var clock = new FakeTimeProvider();
        var delay = new PollDelay(TimeSpan.FromSeconds(5), PollDelay.DefaultMost);
        var wait = Task.Delay(delay.Next(changed: false), clock, TestContext.Current.CancellationToken);

        clock.Advance(TimeSpan.FromSeconds(7.5) - TimeSpan.FromTicks(1));
        var early = wait.IsCompleted;
        clock.Advance(TimeSpan.FromTicks(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.False(early);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void Next_ForAWholeDay_NeverWaitsPastTheCap()
    {
        var delay = new PollDelay(PollDelay.DefaultFirst, PollDelay.DefaultMost);
        var waited = TimeSpan.Zero;
        var polls = 0;
        while (waited < TimeSpan.FromHours(24))
        {
            var next = delay.Next(changed: false);
            Assert.True(next <= PollDelay.DefaultMost);
            waited += next;
            polls++;
        }

        // A day's batch costs a few hundred polls, not one every 5 seconds (17,280).
        Assert.InRange(polls, 280, 300);
    }
}
