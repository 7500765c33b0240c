namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// An endpoint's concurrency limit, found as TCP finds a window: additive increase (one more request
/// in flight per limit's worth of successes), multiplicative decrease (halve) on a 429 or a timeout.
/// A burst of 429s from requests sent together is one signal, not many: after a decrease, the next
/// may only come once <see cref="Cooldown"/> has passed.
/// </summary>
internal sealed class AdaptiveLimit
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly int _max;
    private double _limit;
    private long _lastDecrease;
    private bool _decreased;

    public AdaptiveLimit(int initial, int max, TimeProvider time, TimeSpan? cooldown = null)
    {
        _max = Math.Max(1, max);
        _limit = Math.Clamp(initial, 1, _max);
        _time = time;
        Cooldown = cooldown ?? TimeSpan.FromSeconds(1);
    }

    public TimeSpan Cooldown { get; }

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

    public void OnSuccess()
    {
        lock (_gate)
        {
            _limit = Math.Min(_max, _limit + (1 / _limit));
        }
    }

    /// <summary>The provider pushed back (429 or a timeout). Returns whether the limit went down.</summary>
    public bool OnOverload()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_decreased && _time.GetElapsedTime(_lastDecrease, now) < Cooldown)
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
