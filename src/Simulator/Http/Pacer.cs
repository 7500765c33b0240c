namespace BatchAi.Simulator.Http;

/// <summary>
/// Schedules tokens against the request's arrival time: token i is due at TTFT + i / tokensPerSecond.
/// Waiting for a due time (not a fixed delay per token) avoids drift, and a due time already past costs no wait,
/// which also keeps a fake clock advanced before a wait starts from stranding the request.
/// </summary>
internal readonly struct Pacer(TimeProvider time, long arrivalTimestamp, TimeSpan timeToFirstToken, double tokensPerSecond)
{
    public Task WaitForTokenAsync(int index, CancellationToken cancellationToken)
    {
        var due = timeToFirstToken;
        if (tokensPerSecond > 0)
        {
            due += TimeSpan.FromSeconds(index / tokensPerSecond);
        }
        var remaining = due - time.GetElapsedTime(arrivalTimestamp);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, time, cancellationToken) : Task.CompletedTask;
    }
}
