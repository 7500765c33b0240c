using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The rate an auto job's endpoints answered at over the last <see cref="Span"/> (requests less errors, summed over the pool): the
/// online path's measured throughput, for endpoints that state no limit. Null until it has measured a whole span with answers.
/// </summary>
internal sealed class OnlineRate(TimeProvider time)
{
    public static readonly TimeSpan Span = AcceptedRate.Span;

    private readonly RateMeter _meter = new(time, Span);
    private readonly long _since = time.GetTimestamp();

    /// <summary>Takes a sample of <paramref name="pool"/>'s answers; the rate once measured over a whole span, else null.</summary>
    public double? Sample(EndpointPool? pool)
    {
        if (pool is null)
        {
            return null;
        }

        var answered = pool.Status().Sum(s => s.Requests - s.Errors);
        var rate = _meter.Sample(answered);
        return time.GetElapsedTime(_since) >= Span && rate > 0 ? rate : null;
    }
}
