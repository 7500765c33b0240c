namespace BatchAi.Daemon.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public void Build_Works() => Assert.Equal(2, 1 + 1);
}
