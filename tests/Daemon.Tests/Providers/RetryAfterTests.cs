using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1500", "9", 1500)]
    [InlineData(null, "2", 2000)]
    [InlineData(null, "0.5", 500)]
    [InlineData(null, "Tue, 24 Nov 2026 12:00:03 GMT", 3000)]
    [InlineData(null, "Tue, 24 Nov 2026 11:00:00 GMT", 0)]
    public void Parse_HeaderForms_Wait(string? ms, string? header, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfter.Parse(ms, header, Now));

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "soon")]
    public void Parse_AbsentOrGarbage_Null(string? ms, string? header) => Assert.Null(RetryAfter.Parse(ms, header, Now));
}
