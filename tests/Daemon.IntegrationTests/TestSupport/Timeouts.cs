namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>Every await in a process test runs under one of these, so a hang fails the test instead of the run.</summary>
internal static class Timeouts
{
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(60);

    public static CancellationToken Token(TimeSpan? timeout = null)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? Default);
        return cts.Token;
    }
}
