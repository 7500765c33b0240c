using System.Threading.RateLimiting;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// A token bucket (a <see cref="RateLimiter"/> of System.Threading.RateLimiting) that refills on an
/// injected <see cref="TimeProvider"/>. The library's own <see cref="TokenBucketRateLimiter"/> reads the
/// real clock, so it cannot be tested on a fake one; this one can. It never queues: a refused lease
/// carries <see cref="MetadataName.RetryAfter"/>, and the pool decides where else to send the row.
/// Its balance may go below zero when a request turns out to cost more than estimated.
/// </summary>
internal sealed class ClockedTokenBucket : RateLimiter
{
    private const double Epsilon = 1e-9;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _perSecond;
    private double _capacity;
    private double _tokens;
    private long _stamp;

    /// <param name="perMinute">Tokens added per minute.</param>
    /// <param name="burst">The most tokens the bucket holds; default one second's worth (at least one).</param>
    public ClockedTokenBucket(double perMinute, TimeProvider time, double? burst = null)
    {
        _time = time;
        _stamp = time.GetTimestamp();
        SetRate(perMinute, burst);
        _tokens = _capacity;
    }

    public double PerMinute
    {
        get
        {
            lock (_gate)
            {
                return _perSecond * 60;
            }
        }
    }

    public double Available
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    public override TimeSpan? IdleDuration => null;

    /// <summary>Changes the rate (a limit learned from the provider's headers); the balance is kept, capped at the new capacity.</summary>
    public void SetRate(double perMinute, double? burst = null)
    {
        lock (_gate)
        {
            Refill();
            _perSecond = Math.Max(perMinute, 1e-6) / 60;
            _capacity = Math.Max(1, burst ?? _perSecond);
            _tokens = Math.Min(_tokens, _capacity);
        }
    }

    /// <summary>The provider says only <paramref name="remaining"/> are left: never believe we hold more.</summary>
    public void CapAt(double remaining)
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(_tokens, remaining);
        }
    }

    /// <summary>
    /// Nothing may go for <paramref name="hold"/>, and nothing saved up meanwhile: the bucket is empty when the hold ends.
    /// A provider that refused for a spent window frees its slots as the requests in it age out, not all at once.
    /// </summary>
    public void EmptyFor(TimeSpan hold)
    {
        lock (_gate)
        {
            Refill();
            // The longest hold wins: a burst of 429s for one spent window is one hold, not a debt per refusal.
            _tokens = Math.Min(_tokens, -(Math.Max(0, hold.TotalSeconds) * _perSecond));
        }
    }

    /// <summary>Gives back (positive) or takes (negative) tokens once the real cost is known.</summary>
    public void Adjust(double tokens)
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(_capacity, _tokens + tokens);
        }
    }

    /// <summary>How long until <paramref name="permits"/> are there (zero when they are now).</summary>
    public TimeSpan WaitFor(double permits)
    {
        lock (_gate)
        {
            Refill();
            return Deficit(Math.Min(permits, _capacity));
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)Math.Floor(Math.Max(0, _tokens)) };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => TryTake(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryTake(permitCount));

    /// <summary>Takes <paramref name="permits"/> (a request's estimated token cost may exceed the capacity: then a full bucket pays for it).</summary>
    public RateLimitLease TryTake(double permits)
    {
        lock (_gate)
        {
            Refill();
            var needed = Math.Min(permits, _capacity);
            if (_tokens + Epsilon >= needed)
            {
                _tokens -= permits;
                return Lease.Granted;
            }

            return new Lease(false, Deficit(needed));
        }
    }

    // WaitFor and TryTake agree to the same tolerance: a balance short by a rounding error would otherwise be "no wait" yet refused.
    private TimeSpan Deficit(double needed) =>
        _tokens + Epsilon >= needed ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Clamp((needed - _tokens) / _perSecond, 1e-6, TimeSpan.FromDays(1).TotalSeconds));

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
