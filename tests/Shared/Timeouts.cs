namespace BatchAi.Tests.Shared;

/// <summary>Every await in a test runs under one of these, so a hang fails the test instead of the run. Shared by both test projects.</summary>
internal static class Timeouts
{
    // Long enough for a test that starts processes on a loaded 2-core machine; a hang still fails the test, not the run.
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(60);

    public static CancellationToken Token(TimeSpan? timeout = null)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? Default);
        return cts.Token;
    }
}
