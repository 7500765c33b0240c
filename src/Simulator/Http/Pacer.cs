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
        var remaining = Remaining(index);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Whether token <paramref name="index"/> may be sent now, without waiting.</summary>
    public bool IsDue(int index) => Remaining(index) <= TimeSpan.Zero;

    /// <summary>How long until token <paramref name="index"/> is due (zero or less when it is).</summary>
    public TimeSpan Remaining(int index)
    {
        var due = timeToFirstToken;
        if (tokensPerSecond > 0)
        {
            due += TimeSpan.FromSeconds(index / tokensPerSecond);
        }
        return due - time.GetElapsedTime(arrivalTimestamp);
    }
}
