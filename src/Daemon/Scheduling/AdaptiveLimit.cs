namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// An endpoint's concurrency limit, found as TCP finds a window: additive increase (one more request
/// in flight per limit's worth of successes), multiplicative decrease (halve) on a 429 or a timeout.
/// A burst of 429s from requests sent together is one signal, not many: after a decrease, the next
/// may only come once a round trip has passed (the smoothed latency of successes, as TCP's RTT;
/// <c>cooldown</c> until one is measured).
/// </summary>
internal sealed class AdaptiveLimit
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly int _max;
    private double _limit;
    private long _lastDecrease;
    private bool _decreased;
    private double _smoothedSeconds;

    public AdaptiveLimit(int initial, int max, TimeProvider time, TimeSpan? cooldown = null)
    {
        _max = Math.Max(1, max);
        _limit = Math.Clamp(initial, 1, _max);
        _time = time;
        _initialCooldown = cooldown ?? TimeSpan.FromSeconds(1);
    }

    private readonly TimeSpan _initialCooldown;

    /// <summary>The least time between two decreases: one round trip.</summary>
    public TimeSpan Cooldown
    {
        get
        {
            lock (_gate)
            {
                return _smoothedSeconds > 0 ? TimeSpan.FromSeconds(_smoothedSeconds) : _initialCooldown;
            }
        }
    }

    /// <summary>How many requests may be in flight now.</summary>
    public int Current
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Floor(_limit);
            }
        }
    }

    /// <param name="latency">How long the request took, when known: the round trip that paces decreases.</param>
    public void OnSuccess(TimeSpan? latency = null)
    {
        lock (_gate)
        {
            _limit = Math.Min(_max, _limit + (1 / _limit));
            if (latency is { } l)
            {
                _smoothedSeconds = _smoothedSeconds == 0 ? l.TotalSeconds : (0.875 * _smoothedSeconds) + (0.125 * l.TotalSeconds);
            }
        }
    }

    /// <summary>The provider pushed back (429 or a timeout). Returns whether the limit went down.</summary>
    public bool OnOverload()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var cooldown = _smoothedSeconds > 0 ? TimeSpan.FromSeconds(_smoothedSeconds) : _initialCooldown;
            if (_decreased && _time.GetElapsedTime(_lastDecrease, now) < cooldown)
            {
                return false;
            }

            _decreased = true;
            _lastDecrease = now;
            _limit = Math.Max(1, Math.Floor(_limit / 2));
            return true;
        }
    }
}
