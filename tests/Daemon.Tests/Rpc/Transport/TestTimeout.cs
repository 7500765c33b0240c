namespace BatchAi.Daemon.Tests.Rpc.Transport;

/// <summary>Every await in these tests runs under this, so a hang fails the test in 20 s instead of stalling the run.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Create()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        return cts;
    }
}
