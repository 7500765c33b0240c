namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// Learns the pace one of an endpoint's limits (requests, or tokens) allows, from what the provider's headers say
/// together, in whatever window it counts:
/// <list type="bullet">
/// <item>The window is the longest reset seen lately: a reset says how long until what was used is refilled (OpenAI: "until
/// the limit resets to its initial state"; Anthropic: an RFC 3339 time), which for a sliding window is about the window
/// itself and for a token bucket run dry is its whole refill time. So a limit of 250 with resets up to 5 s is 50 a second,
/// not 250 a minute. Capped at a minute, the period OpenAI states its limits in (a reset of 6m0s belongs to a longer limit).</item>
/// <item>No limit stated (Azure sends only remaining): the most remaining seen is the limit.</item>
/// <item>No headers at all (vLLM, Ollama, DeepSeek): no pace. A 429 that says a limit is spent holds the endpoint for its
/// Retry-After (the pool's cooldown), which meets such a limit as closely as any pace guessed from 429s would, and a 429
/// that was only bad luck costs no more than that wait.</item>
/// </list>
/// Never below what the provider has been accepting without 429s, and probed upwards while the pace holds requests back
/// and the provider says much remains.
/// </summary>
internal sealed class RateLearner
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinWindow = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(250);

    // Pace a little under the stated rate: the provider counts at arrival, and arrivals jitter.
    private const double Margin = 0.99;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly AcceptedRate _accepted;
    private double _limit;
    private TimeSpan _window;
    private long _windowSeen;
    private double _probe = 1;
    private long _lastProbe;
    private long _probeFrom;
    private double _leastShare = 1;
    private bool _stated;
    private long _lastRefusal;
    private bool _refused;
    private bool _bound;

    public RateLearner(TimeProvider time)
    {
        _time = time;
        _accepted = new AcceptedRate(time);
        _lastProbe = _probeFrom = time.GetTimestamp();
    }

    /// <summary>Units a second to pace at; null while nothing says there is a limit.</summary>
    public double? PerSecond
    {
        get
        {
            lock (_gate)
            {
                return Pace();
            }
        }
    }

    /// <summary>The stated (or inferred) limit per window, and the window: for status and tests.</summary>
    public (double Limit, TimeSpan Window) Stated
    {
        get
        {
            lock (_gate)
            {
                return (_limit, _window);
            }
        }
    }

    /// <summary>The most that may go at once: a stated limit (a full window or bucket); null for one second's worth.</summary>
    public double? Burst
    {
        get
        {
            lock (_gate)
            {
                return _stated ? _limit : null;
            }
        }
    }

    /// <summary>
    /// Takes in one response's figures for this limit. Returns how long to keep every request off when it says nothing
    /// remains (about one unit's refill time), else null.
    /// </summary>
    public TimeSpan? Observe(double? limit, double? remaining, TimeSpan? reset)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (limit is > 0)
            {
                _limit = limit.Value;
                _stated = true;
            }
            else if (remaining is { } left && left + 1 > _limit)
            {
                _limit = left + 1;
            }

            if (reset is { } r && r > TimeSpan.Zero)
            {
                var stale = _time.GetElapsedTime(_windowSeen, now) > MaxWindow;
                if (r >= _window || stale)
                {
                    _window = Clamp(r);
                    _windowSeen = now;
                }
            }

            if (remaining is not { } rest || _limit <= 0)
            {
                return null;
            }

            var share = rest / _limit;
            _leastShare = Math.Min(_leastShare, share);
            if (share < 0.1 || _refused && _time.GetElapsedTime(_lastRefusal, now) < Window())
            {
                _probe = Math.Max(1, _probe * 0.9);
                _probeFrom = now;
                _leastShare = 1;
            }
            else if (_leastShare > 0.5 && _bound && _time.GetElapsedTime(_probeFrom, now) >= 2 * Window())
            {
                // For two whole windows much remained, yet our pace held requests back: the estimate is low (a window
                // guessed too long, a limit raised); go faster, a step a window, as a sliding window shows the effect only then.
                _probe = Math.Min(_probe * 1.25, 4);
                _probeFrom = now;
                _leastShare = 1;
                _bound = false;
            }

            if (rest > 0)
            {
                return null;
            }

            var perUnit = Window() / Math.Max(1, _limit);
            return reset is { } until && until < perUnit ? until : perUnit;
        }
    }

    /// <summary>Units the provider accepted (a request answered, its tokens counted).</summary>
    public void OnAccepted(double units)
    {
        lock (_gate)
        {
            _accepted.Add(units);
        }
    }

    /// <summary>Our pace held a request back: the pace, not the provider, was what limited us.</summary>
    public void OnBound()
    {
        lock (_gate)
        {
            _bound = true;
        }
    }

    /// <summary>A 429 that says this limit is spent: no probing upwards, and no floor from what was accepted, for a while.</summary>
    public void OnRefused()
    {
        lock (_gate)
        {
            _probe = 1;
            _refused = true;
            _lastRefusal = _time.GetTimestamp();
        }
    }

    private double? Pace()
    {
        if (_limit > 0)
        {
            var estimate = _limit / Window().TotalSeconds * Margin * _probe;
            // What the provider has been accepting, without 429s in that time, is a pace it allows.
            // Measured over a whole span only: a young meter would take a first burst (a full window spent at once) for a pace.
            var calm = !_refused || _time.GetElapsedTime(_lastRefusal) > AcceptedRate.Span;
            var floor = calm && _accepted.Age >= AcceptedRate.Span ? _accepted.PerSecond(AcceptedRate.Span) : 0;
            return Math.Max(estimate, floor);
        }

        return null;
    }

    // Before any reset is seen: the minute OpenAI states limits in.
    private TimeSpan Window() => _window > TimeSpan.Zero ? _window : MaxWindow;

    private static TimeSpan Clamp(TimeSpan window) => window < MinWindow ? MinWindow : window > MaxWindow ? MaxWindow : window;
}
