using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Scheduling;

public sealed class FirstTokenTimeoutTests
{
    [Fact]
    public void Current_BeforeAFewAnswers_TheCeiling()
    {
        var timeout = new FirstTokenTimeout(TimeSpan.FromSeconds(90));
        timeout.Observe(TimeSpan.FromMilliseconds(200));

        Assert.Equal(TimeSpan.FromSeconds(90), timeout.Current);
    }

    [Fact]
    public void Current_FastEndpoint_SecondsNotTheCeiling()
    {
        var timeout = new FirstTokenTimeout(TimeSpan.FromSeconds(90));
        for (var i = 0; i < 10; i++)
        {
            timeout.Observe(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(FirstTokenTimeout.Floor, timeout.Current);
    }

    [Fact]
    public void Current_SlowFirstTokensLately_AMultipleOfThemWithinTheCeiling()
    {
        var timeout = new FirstTokenTimeout(TimeSpan.FromSeconds(90));
        for (var i = 0; i < 10; i++)
        {
            timeout.Observe(TimeSpan.FromSeconds(i == 5 ? 4 : 1));
        }

        Assert.InRange(timeout.Current, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(32));
        timeout.Observe(TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(90), timeout.Current);
    }
}
