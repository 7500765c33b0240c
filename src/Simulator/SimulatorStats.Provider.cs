namespace BatchAi.Simulator;

/// <summary>What a benchmark needs to measure a client against a provider's limits, queue and outages.</summary>
public sealed partial class SimulatorStats
{
    private long _limitGranted;
    private long _peakInWindow;
    private long _quotaRefused;
    private long _outageRequests;
    private long _dialectRefusals;
    private long _keepAlives;
    private int _queued;
    private int _maxQueued;

    /// <summary>Requests the request limit let in (counted only while one is configured).</summary>
    public long LimitGranted => Interlocked.Read(ref _limitGranted);

    /// <summary>Most requests counted in the request limit's window at once: how close a client came to the limit.</summary>
    public long PeakRequestsInWindow => Interlocked.Read(ref _peakInWindow);

    /// <summary>Requests refused with <c>insufficient_quota</c> because <see cref="SimulatorOptions.QuotaExhausted"/> is on.</summary>
    public long QuotaRefusals => Interlocked.Read(ref _quotaRefused);

    /// <summary>Requests that arrived during an outage and got its error.</summary>
    public long OutageRequests => Interlocked.Read(ref _outageRequests);

    /// <summary>Requests refused with 400 for a token-cap parameter the endpoint does not accept (<see cref="SimulatorOptions.MaxTokensParameter"/>).</summary>
    public long DialectRefusals => Interlocked.Read(ref _dialectRefusals);

    /// <summary>Keep-alive comments or empty lines sent while requests waited for their first token.</summary>
    public long KeepAlivesSent => Interlocked.Read(ref _keepAlives);

    /// <summary>Requests waiting for a slot of a queueing server (<see cref="SimulatorOptions.QueueCapacity"/>) right now; they count in <see cref="InFlight"/> too.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Highest <see cref="Queued"/> since start or the last reset.</summary>
    public int MaxQueued => Volatile.Read(ref _maxQueued);

    internal void RecordLimitGranted(long inWindow)
    {
        Interlocked.Increment(ref _limitGranted);
        long peak;
        while ((peak = Interlocked.Read(ref _peakInWindow)) < inWindow && Interlocked.CompareExchange(ref _peakInWindow, inWindow, peak) != peak)
        {
        }
    }

    internal void RecordQuotaRefused() => Count(ref _quotaRefused);

    internal void RecordOutage() => Count(ref _outageRequests);

    internal void RecordDialectRefused() => Count(ref _dialectRefusals);

    internal void RecordKeepAlive() => Count(ref _keepAlives);

    internal void EnterQueue()
    {
        var now = Interlocked.Increment(ref _queued);
        int max;
        while ((max = Volatile.Read(ref _maxQueued)) < now && Interlocked.CompareExchange(ref _maxQueued, now, max) != max)
        {
        }
        Signal();
    }

    internal void LeaveQueue()
    {
        Interlocked.Decrement(ref _queued);
        Signal();
    }

    private void ResetProviderCounters()
    {
        Interlocked.Exchange(ref _limitGranted, 0);
        Interlocked.Exchange(ref _peakInWindow, 0);
        Interlocked.Exchange(ref _quotaRefused, 0);
        Interlocked.Exchange(ref _outageRequests, 0);
        Interlocked.Exchange(ref _dialectRefusals, 0);
        Interlocked.Exchange(ref _keepAlives, 0);
        Volatile.Write(ref _maxQueued, Queued);
    }

    private void Count(ref long counter)
    {
        Interlocked.Increment(ref counter);
        Signal();
    }
}
