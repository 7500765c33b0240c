namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// An endpoint's concurrency limit, found as TCP finds a window: additive increase (one more request in flight per
/// limit's worth of successes), multiplicative decrease on congestion (halve: 429s that cluster, a timeout). A burst of
/// signals from requests sent together is one signal, not many: after a decrease, the next may only come once a round
/// trip has passed (the smoothed latency of successes, as TCP's RTT; <c>cooldown</c> until one is measured).
/// An isolated overload (one 429 or 503 while the provider says much of its limit remains: a busy replica, not our
/// load) steps the limit down a little, and successes bring it straight back to where congestion had left it, so a
/// provider that refuses a steady share of requests for its own reasons keeps the job at full width.
/// </summary>
internal sealed class AdaptiveLimit
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly int _max;
    private readonly TimeSpan _initialCooldown;
    private double _ceiling;
    private double _limit;
    private long _lastDecrease;
    private bool _decreased;
    private long _lastStep;
    private bool _stepped;
    private double _smoothedSeconds;

    public AdaptiveLimit(int initial, int max, TimeProvider time, TimeSpan? cooldown = null)
    {
        _max = Math.Max(1, max);
        _ceiling = _limit = Math.Clamp(initial, 1, _max);
        _time = time;
        _initialCooldown = cooldown ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The least time between two decreases: one round trip.</summary>
    public TimeSpan Cooldown
    {
        get
        {
            lock (_gate)
            {
                return RoundTrip();
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
            if (_limit < _ceiling)
            {
                // Back from an isolated step-down: congestion never said the wider limit was too much.
                _limit = Math.Min(_ceiling, _limit + 1);
            }
            else
            {
                _ceiling = _limit = Math.Min(_max, _limit + (1 / _limit));
            }

            if (latency is { } l)
            {
                _smoothedSeconds = _smoothedSeconds == 0 ? l.TotalSeconds : (0.875 * _smoothedSeconds) + (0.125 * l.TotalSeconds);
            }
        }
    }

    /// <summary>Congestion (429s that cluster, a timeout): halve. Returns whether the limit went down.</summary>
    public bool OnOverload() => OnOverload(congested: true);

    /// <param name="congested">True for congestion (halve), false for an isolated overload (step down by a tenth).</param>
    public bool OnOverload(bool congested)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var cooldown = RoundTrip();
            if (congested)
            {
                if (_decreased && _time.GetElapsedTime(_lastDecrease, now) < cooldown)
                {
                    return false;
                }

                _decreased = true;
                _lastDecrease = now;
                _ceiling = Math.Max(1, Math.Floor(Math.Min(_ceiling, _limit) / 2));
                _limit = _ceiling;
                return true;
            }

            if (_stepped && _time.GetElapsedTime(_lastStep, now) < cooldown)
            {
                return false;
            }

            _stepped = true;
            _lastStep = now;
            _limit = Math.Max(1, Math.Floor(_limit * 0.9));
            return true;
        }
    }

    private TimeSpan RoundTrip() => _smoothedSeconds > 0 ? TimeSpan.FromSeconds(_smoothedSeconds) : _initialCooldown;
}
