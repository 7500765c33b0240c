namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// Runs an action once the connection has flushed its next result to the peer, or after a grace period if it never does (the
/// peer is gone). <c>shutdown</c> uses it so that its caller gets the reply before the daemon closes the connection: requests
/// start in arrival order and <c>shutdown</c> answers at once, so the next result written is its own.
/// </summary>
internal sealed class AfterNextResult(TimeProvider time)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private Action? _pending;

    public void Arm(Action action)
    {
        Interlocked.Exchange(ref _pending, action);
        // The reply may never be written (the caller hung up): act anyway, a little later.
        _ = Task.Delay(Grace, time).ContinueWith(_ => Fire(), TaskScheduler.Default);
    }

    /// <summary>Called by the connection's message handler after it has flushed a result.</summary>
    public void Fire() => Interlocked.Exchange(ref _pending, null)?.Invoke();
}
