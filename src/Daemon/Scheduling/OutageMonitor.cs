namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// Tells an outage from bad luck: when every endpoint of a pool has failed with passing faults (5xx, refused
/// connections, timeouts) for <see cref="Threshold"/> attempts in a row (ten: at 30% random faults a run that long comes about once in fifty
/// thousand-row jobs, and costs one probe), across at least three rows, with no success and
/// no other answer between, the pool is down. Then no row's attempt goes out but one probe at a time, at intervals that
/// grow with the outage (an eighth of its length so far, 1 s to 60 s: a minute's outage is noticed over within about
/// 8 s, an hour's costs one request a minute); the probe's success ends it. Any answer from the provider (a success, a
/// 429, a refused request) proves it is up, unless its request was sent before the first of the failures: a long stream
/// that began while the provider was up and ends after it went down is old news (on a slow machine such late answers
/// ended outages as soon as they began, and each flooded the down provider with every row again).
/// </summary>
internal sealed class OutageMonitor(TimeProvider time, int threshold = OutageMonitor.DefaultThreshold)
{
    public const int DefaultThreshold = 10;

    // Rows the failures must span: one row failing again and again is that row's trouble.
    private const int Rows = 3;

    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly HashSet<object> _rows = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<object> _probed = new(ReferenceEqualityComparer.Instance);
    private int _failures;
    private long _failingSince = long.MaxValue; // the send timestamp of the earliest request of the failures counted
    private Outage? _outage;
    private bool _probeOut;

    public int Threshold => threshold;

    /// <summary>The outage under way, or null.</summary>
    public Outage? Current
    {
        get
        {
            lock (_gate)
            {
                return _outage;
            }
        }
    }

    /// <summary>Raised (outside the lock) when an outage starts, when its next probe is rescheduled, and with null when it ends.</summary>
    public event Action<Outage?>? Changed;

    /// <summary>Whether an attempt may go now: always outside an outage; in one, only the probe, once it is due.</summary>
    public bool TryAdmit(out bool probe, out TimeSpan? wait)
    {
        lock (_gate)
        {
            probe = false;
            wait = null;
            if (_outage is not { } outage)
            {
                return true;
            }

            if (_probeOut)
            {
                return false; // only the probe's end changes anything
            }

            var until = outage.NextProbe - time.GetUtcNow();
            if (until > TimeSpan.Zero)
            {
                wait = until;
                return false;
            }

            _probeOut = true;
            probe = true;
            return true;
        }
    }

    /// <summary>The provider answered (a success, or a 429 or refusal, which prove it is up).</summary>
    /// <param name="sentAt">When the request was sent (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="probe">Whether it was the outage's probe, which always counts.</param>
    public void OnAnswered(long sentAt, bool probe)
    {
        bool ended;
        lock (_gate)
        {
            if (!probe && sentAt < _failingSince)
            {
                return; // sent before the failures began: proves nothing about now
            }

            _failures = 0;
            _failingSince = long.MaxValue;
            _rows.Clear();
            _probeOut = false;
            _probed.Clear();
            ended = _outage is not null;
            _outage = null;
        }

        if (ended)
        {
            Changed?.Invoke(null);
        }
    }

    /// <summary>An attempt ended without reaching an answer and proves nothing (cancelled): a probe may go again.</summary>
    public void OnNeutral(bool probe)
    {
        if (probe)
        {
            lock (_gate)
            {
                _probeOut = false;
            }
        }
    }

    /// <summary>An attempt failed with a passing fault. Returns whether the pool is (now) in an outage: then the failure is the outage's, not the row's.</summary>
    /// <param name="row">Identifies the row (its request), so that one row failing again and again is not an outage.</param>
    /// <param name="sentAt">When the failed request was sent (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="chargeRow">
    /// Whether a failed probe counts against its row's retries: only while this outage's probes have gone to fewer than
    /// three rows. Rows the provider alone keeps failing (one or two poisoned rows left in a job look like an outage)
    /// still run out; in a real outage the probes go round the waiting rows, and after three no row pays for them, so
    /// an outage of an hour fails no row.
    /// </param>
    public bool OnPassingFailure(object row, string endpoint, string error, bool probe, long sentAt, out bool chargeRow)
    {
        Outage? changed;
        chargeRow = true;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _failingSince = Math.Min(_failingSince, sentAt);
            if (_outage is { } outage)
            {
                if (!probe)
                {
                    return true; // sent before the outage was seen
                }

                _probeOut = false;
                _probed.Add(row);
                chargeRow = _probed.Count < Rows;
                changed = _outage = outage with { Endpoint = endpoint, LastError = error, NextProbe = now + Interval(now - outage.Since) };
            }
            else
            {
                _failures++;
                _rows.Add(row);
                if (_failures < threshold || _rows.Count < Math.Min(Rows, threshold))
                {
                    return false;
                }

                changed = _outage = new Outage(endpoint, error, now, now + MinInterval);
                _rows.Clear();
                _probed.Clear();
            }
        }

        Changed?.Invoke(changed);
        return true;
    }

    /// <summary>
    /// A row is about to fail for a passing fault: if nothing has answered since at least two rows began failing, that is
    /// an outage seen early (a small or narrow job cannot wait for <see cref="Threshold"/> failures) and it starts now.
    /// Returns whether the pool is in an outage.
    /// </summary>
    public bool TryConfirm(string endpoint, string error)
    {
        Outage? started;
        lock (_gate)
        {
            if (_outage is not null)
            {
                return true;
            }

            if (_failures < 2 || _rows.Count < 2)
            {
                return false; // one row failing alone is that row's trouble
            }

            var now = time.GetUtcNow();
            started = _outage = new Outage(endpoint, error, now, now + MinInterval);
            _rows.Clear();
            _probed.Clear();
        }

        Changed?.Invoke(started);
        return true;
    }

    private static TimeSpan Interval(TimeSpan sofar)
    {
        var interval = sofar / 8;
        return interval < MinInterval ? MinInterval : interval > MaxInterval ? MaxInterval : interval;
    }
}
