namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>Every await in a test runs under one of these, so a hang fails the test instead of the run.</summary>
internal static class Timeouts
{
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(30);

    public static CancellationToken Token(TimeSpan? timeout = null)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? Default);
        return cts.Token;
    }
}
