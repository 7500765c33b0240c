namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// The concurrency limit of an endpoint that queues instead of refusing (vLLM, Ollama, a self-hosted gateway: no
/// rate-limit headers, never a 429; requests beyond its batch capacity wait in its queue, so their time to first token
/// grows with the requests in flight while its throughput stays flat). A latency gradient after Netflix's Gradient2:
/// the ratio of the baseline time to first token (the endpoint unqueued) to the recent one says how much of what is in
/// flight is only waiting there; the limit moves to <c>limit × gradient + √limit</c> (down at once, up smoothed), so it settles just past
/// the knee where more in flight stops adding throughput, instead of flooding the server into timeouts.
/// The baseline falls to any faster answer, and is measured again every <see cref="RebaselineEvery"/> by holding
/// the limit at half for a few answers (as BBR probes its minimum RTT), so a provider that became slower for everyone
/// is not taken for a queue, and a long job does not drift into one.
/// </summary>
internal sealed class QueueingLimit
{
    /// <summary>How much slower than its baseline the endpoint may answer before the limit comes down (Gradient2's tolerance).</summary>
    public const double Tolerance = 1.5;

    public static readonly TimeSpan RebaselineEvery = TimeSpan.FromSeconds(30);

    /// <summary>Slowness under this is never taken for a queue: a server's own jitter, and ours, at a time to first token of milliseconds.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    private const double Smoothing = 0.5;
    private const int BaselineSamples = 8;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly int _max;
    private double _limit;
    private double _baseline;
    private double _recent;
    private long _baselineAt;
    private long _changedAt;
    private bool _draining;
    private double _drainLimit;
    private double _drainSum;
    private int _drainCount;

    public QueueingLimit(int max, TimeProvider time)
    {
        _max = Math.Max(1, max);
        _limit = _max;
        _time = time;
        _baselineAt = time.GetTimestamp();
    }

    public int Current
    {
        get
        {
            lock (_gate)
            {
                return (int)Math.Max(1, Math.Floor(_draining ? _drainLimit : _limit));
            }
        }
    }

    /// <summary>The baseline and recent time to first token, in seconds (0 before the first answer).</summary>
    public (double Baseline, double Recent) Latency
    {
        get
        {
            lock (_gate)
            {
                return (_baseline, _recent);
            }
        }
    }

    /// <param name="firstToken">The request's time to first token (answer or reasoning).</param>
    /// <param name="inFlightAtSend">Requests in flight at this endpoint when it was sent, itself included.</param>
    public void OnFirstToken(TimeSpan firstToken, int inFlightAtSend)
    {
        var x = Math.Max(firstToken.TotalSeconds, 1e-4);
        lock (_gate)
        {
            if (_baseline == 0)
            {
                _baseline = _recent = x;
                return;
            }

            if (_draining)
            {
                Drain(x, inFlightAtSend);
                return;
            }

            _recent = (0.9 * _recent) + (0.1 * x);
            var gradient = Math.Clamp(((Tolerance * _baseline) + Slack.TotalSeconds) / _recent, 0.5, 1);
            if (gradient >= 1)
            {
                // Nothing queues. The baseline follows a faster endpoint at once; a slower one only when measured again
                // (a baseline that crept up with what it sees would let a queue grow a tolerance at a time).
                _baseline = Math.Min(_baseline, x);
                if (inFlightAtSend < _limit / 2)
                {
                    return; // the job, not the endpoint, limits what is in flight: no evidence for more
                }
            }

            // About once a round trip (what was sent before the last change is still coming back and would count twice),
            // but no slower than a few unqueued round trips, so a deep queue's long latency does not slow the correction.
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_changedAt, now).TotalSeconds < Math.Min(_recent, 4 * _baseline))
            {
                return;
            }

            _changedAt = now;
            var target = (_limit * gradient) + Math.Sqrt(_limit);
            // Down at once, up smoothed: a queue that is there costs every request in it, a step up is a guess.
            _limit = Math.Clamp(target < _limit ? target : ((1 - Smoothing) * _limit) + (Smoothing * target), 1, _max);
            if (_time.GetElapsedTime(_baselineAt) >= RebaselineEvery)
            {
                _draining = true;
                _drainLimit = Math.Max(1, Math.Floor(_limit / 2));
                _drainSum = 0;
                _drainCount = 0;
            }
        }
    }

    // Only answers sent while at most half the limit was out measure the endpoint unqueued.
    private void Drain(double x, int inFlightAtSend)
    {
        if (inFlightAtSend > _drainLimit)
        {
            return;
        }

        _drainSum += x;
        _drainCount++;
        if (_drainCount < Math.Min(BaselineSamples, _drainLimit))
        {
            return;
        }

        _baseline = _drainSum / _drainCount;
        _recent = _baseline;
        _baselineAt = _time.GetTimestamp();
        _draining = false;
    }
}
