namespace BatchAi.Daemon.Providers;

/// <summary>
/// Cuts an attempt that stays silent too long: no byte before the first token, or none between two chunks, for longer
/// than <c>limit()</c> (read at every check, so an endpoint's timeout that adapts applies to requests already out).
/// Checked a few times per limit on the injected clock.
/// </summary>
internal sealed class SilenceWatch : IDisposable
{
    private static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _limit;
    private readonly CancellationTokenSource _silent = new();
    private readonly ITimer _timer;
    private long _lastActivity;

    public SilenceWatch(TimeProvider time, Func<TimeSpan> limit)
    {
        _time = time;
        _limit = limit;
        _lastActivity = time.GetTimestamp();
        var period = limit() / 4;
        period = period < MinPeriod ? MinPeriod : period > MaxPeriod ? MaxPeriod : period;
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>Cancelled when the attempt has been silent too long.</summary>
    public CancellationToken Token => _silent.Token;

    public bool Fired => _silent.IsCancellationRequested;

    /// <summary>The limit that was exceeded (as read now), for the message.</summary>
    public TimeSpan Limit => _limit();

    public void OnActivity() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    public void Dispose()
    {
        _timer.Dispose();
        _silent.Dispose();
    }

    private void Check()
    {
        try
        {
            if (_time.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= _limit())
            {
                _silent.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended between the timer firing and this check.
        }
    }
}
