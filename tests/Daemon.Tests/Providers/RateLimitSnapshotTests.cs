using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class RateLimitSnapshotTests
{
    [Theory]
    [InlineData("120ms", 120)]
    [InlineData("1.5s", 1500)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3s", 3_723_000)]
    [InlineData("2", 2000)]
    public void Duration_OpenAiFormats_Parsed(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RateLimitSnapshot.Duration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5x")]
    public void Duration_Garbage_Null(string text)
    {
        Assert.Null(RateLimitSnapshot.Duration(text));
    }

    [Fact]
    public void Parse_Headers_AllSixRead_NoneGivesNull()
    {
        var headers = new Dictionary<string, string>
        {
            ["x-ratelimit-limit-requests"] = "1200",
            ["x-ratelimit-remaining-requests"] = "1199",
            ["x-ratelimit-reset-requests"] = "50ms",
            ["x-ratelimit-limit-tokens"] = "150000",
            ["x-ratelimit-remaining-tokens"] = "149000",
            ["x-ratelimit-reset-tokens"] = "400ms",
        };

        var snapshot = RateLimitSnapshot.Parse(n => headers.GetValueOrDefault(n));

        Assert.Equal(new RateLimitSnapshot(1200, 1199, TimeSpan.FromMilliseconds(50), 150_000, 149_000, TimeSpan.FromMilliseconds(400)), snapshot);
        Assert.Null(RateLimitSnapshot.Parse(_ => null));
    }
}
