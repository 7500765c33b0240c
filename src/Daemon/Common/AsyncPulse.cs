namespace BatchAi.Daemon.Common;

/// <summary>
/// A signal for "something changed". Take <see cref="Next"/> before checking the condition, then
/// await it if the condition is not met: a pulse between the check and the await is not lost.
/// </summary>
internal sealed class AsyncPulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Pulse()
    {
        var fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
