namespace BatchAi.Simulator.Faults;

/// <summary>A sliding one-minute window of granted requests, on the injected clock.</summary>
internal sealed class RequestRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _granted = new();
    private readonly Lock _gate = new();

    public RateDecision TryAcquire(int limit, DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_granted.Count > 0 && _granted.Peek() <= now - Window)
            {
                _granted.Dequeue();
            }
            if (_granted.Count < limit)
            {
                _granted.Enqueue(now);
                return new RateDecision(true, limit, limit - _granted.Count, _granted.Peek() + Window - now);
            }
            var wait = _granted.Count > 0 ? _granted.Peek() + Window - now : Window;
            return new RateDecision(false, limit, 0, wait);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _granted.Clear();
        }
    }
}

/// <summary>Outcome of one rate-limit check; <see cref="Reset"/> is when the oldest counted request leaves the window.</summary>
internal readonly record struct RateDecision(bool Allowed, int Limit, int Remaining, TimeSpan Reset);
