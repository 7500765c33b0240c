namespace BatchAi.Daemon.Jobs;

/// <summary>Rows finished per second over a sliding window, from samples taken at each progress tick.</summary>
internal sealed class RateMeter(TimeProvider time, TimeSpan window)
{
    private readonly Queue<(long Ticks, long Finished)> _samples = new();
    private readonly object _gate = new();

    public double Sample(long finished)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _samples.Enqueue((now, finished));
            while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().Ticks, now) > window)
            {
                _samples.Dequeue();
            }

            var (firstTicks, firstFinished) = _samples.Peek();
            var seconds = time.GetElapsedTime(firstTicks, now).TotalSeconds;
            return seconds > 0 ? (finished - firstFinished) / seconds : 0;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _samples.Clear();
        }
    }
}
