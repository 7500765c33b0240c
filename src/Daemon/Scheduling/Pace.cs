namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// One of an endpoint's limits (requests, or tokens) as the pool applies it: a configured rate, or the one a
/// <see cref="RateLearner"/> reads from the provider, enforced by a <see cref="ClockedTokenBucket"/> that also never
/// holds more than the provider says remains. No bucket while nothing says there is a limit.
/// </summary>
internal sealed class Pace
{
    private readonly TimeProvider _time;
    private readonly double? _configuredPerMinute;
    private readonly Lock _gate = new();
    private bool _allowance;

    public Pace(TimeProvider time, double? configuredPerMinute)
    {
        _time = time;
        _configuredPerMinute = configuredPerMinute;
        Learner = new RateLearner(time);
        if (configuredPerMinute is { } rate)
        {
            Bucket = new ClockedTokenBucket(rate, time);
        }
    }

    public RateLearner Learner { get; }

    public ClockedTokenBucket? Bucket { get; private set; }

    /// <summary>The rate applied, per minute; null when none.</summary>
    public double? PerMinute => Bucket?.PerMinute;

    /// <summary>How long until <paramref name="units"/> may go (zero when they may now); telling the learner when the pace held them back.</summary>
    public TimeSpan WaitFor(double units)
    {
        var wait = Bucket?.WaitFor(units) ?? TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            Learner.OnBound();
        }

        return wait;
    }

    public void Take(double units) => Bucket?.TryTake(units);

    /// <summary>Gives back (positive) or takes (negative) units once the real cost is known.</summary>
    public void Adjust(double units) => Bucket?.Adjust(units);

    /// <summary>One response's figures for this limit; returns how long to keep everyone off when nothing remains.</summary>
    /// <param name="uncounted">
    /// Units on their way that the provider's <paramref name="remaining"/> may not count yet (the other requests in flight
    /// when the response was read). Before the limit is known a job's first round goes out at its concurrency; believing
    /// the remaining of the first answers let that many more go than the window held (50 of a 5 s window's 250).
    /// </param>
    public TimeSpan? Observe(double? limit, double? remaining, TimeSpan? reset, double uncounted = 0)
    {
        var hold = Learner.Observe(limit, remaining, reset);
        Sync();
        if (remaining is { } left)
        {
            // Never below one while any remain: at a pace just under the limit the requests in flight are about all that
            // remains, and capping at nothing threw away the fraction of a request the pace had accrued (48 a second at 49.5).
            Bucket?.CapAt(left <= 0 ? 0 : Math.Max(Math.Min(1, left), left - uncounted));
        }

        return hold;
    }

    public void OnAccepted(double units)
    {
        Learner.OnAccepted(units);
        Sync();
    }

    /// <summary>A 429 said this limit is spent: what the bucket holds is not there, nor does it fill while the endpoint is held.</summary>
    /// <param name="hold">How long the pool keeps every request off the endpoint (its Retry-After).</param>
    public void OnRefused(TimeSpan hold)
    {
        Learner.OnRefused();
        Sync();
        // Refilled during the hold, the bucket let a whole window's worth go the moment it ended, into a sliding
        // window that frees its slots only as its requests age out: 12 of the 42 429s of `bench -- faults`' window cell.
        Bucket?.EmptyFor(hold);
    }

    private void Sync()
    {
        if (Learner.PerSecond is not { } perSecond)
        {
            return;
        }

        var rate = Math.Min(perSecond * 60, _configuredPerMinute ?? double.MaxValue);
        lock (_gate)
        {
            if (Bucket is null)
            {
                // A stated limit with much remaining may be spent at once (a full window or bucket); after that, a second's worth.
                _allowance = Learner.Burst is { } stated && stated > rate / 60;
                Bucket = new ClockedTokenBucket(rate, _time, _allowance ? Learner.Burst : null);
            }
            else if (_allowance && Bucket.Available <= rate / 60)
            {
                _allowance = false;
                Bucket.SetRate(rate);
            }
            else if (Math.Abs(Bucket.PerMinute - rate) > Bucket.PerMinute * 0.01)
            {
                Bucket.SetRate(rate, _allowance ? Learner.Burst : null);
            }
        }
    }
}
