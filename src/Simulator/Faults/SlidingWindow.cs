namespace BatchAi.Simulator.Faults;

/// <summary>
/// Amounts (requests or tokens) granted within a sliding window, on the injected clock. Not thread-safe: <see cref="RateLimits"/>
/// checks all its windows under one lock, so a request refused by one limit spends nothing from the others.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly Queue<(DateTimeOffset At, long Amount)> _granted = new();
    private long _used;

    /// <summary>Whether <paramref name="amount"/> fits now; an amount above the whole limit fits an empty window, so it cannot wait forever.</summary>
    public bool Fits(long limit, TimeSpan window, long amount, DateTimeOffset now)
    {
        Expire(now - window);
        return _used + amount <= limit || _used == 0;
    }

    public void Take(long amount, DateTimeOffset now)
    {
        _granted.Enqueue((now, amount));
        _used += amount;
    }

    /// <summary>What the window looks like now, with <paramref name="wanted"/> the amount a refused request needs room for.</summary>
    public WindowState State(long limit, TimeSpan window, DateTimeOffset now, long wanted = 1)
    {
        Expire(now - window);
        var untilFull = _granted.Count > 0 ? Positive(_granted.Last().At + window - now) : TimeSpan.Zero;
        // Room for `wanted` once enough of the oldest grants have left the window.
        var untilRoom = TimeSpan.Zero;
        var used = _used;
        foreach (var (at, amount) in _granted)
        {
            if (used + wanted <= limit)
            {
                break;
            }
            used -= amount;
            untilRoom = Positive(at + window - now);
        }
        // With room already, the earliest change is the oldest grant leaving (OpenAI's header then says when the window is full again).
        var oldestLeaves = _granted.Count > 0 ? Positive(_granted.Peek().At + window - now) : window;
        return new WindowState(limit, Math.Max(0, limit - _used), untilRoom, untilFull, oldestLeaves);
    }

    public void Reset()
    {
        _granted.Clear();
        _used = 0;
    }

    private void Expire(DateTimeOffset cutoff)
    {
        while (_granted.Count > 0 && _granted.Peek().At <= cutoff)
        {
            _used -= _granted.Dequeue().Amount;
        }
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
}
