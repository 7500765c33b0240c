namespace BatchAi.Simulator.Faults;

/// <summary>
/// When the simulated provider is down: a window started by a test or over HTTP (<c>POST /sim/outage</c>), one that starts once
/// <see cref="SimulatorOptions.OutageAfterRequests"/> requests have arrived, or one at <see cref="SimulatorOptions.OutageStart"/>.
/// Every window ends by itself: real outages recover without the client doing anything.
/// </summary>
internal sealed class OutageSchedule
{
    private readonly Lock _gate = new();
    private (DateTimeOffset Start, DateTimeOffset End)? _manual;
    private DateTimeOffset? _afterRequestsStarted;

    /// <summary>Starts an outage now for <paramref name="duration"/> (zero or less ends any manual one); returns its end.</summary>
    public DateTimeOffset Start(DateTimeOffset now, TimeSpan duration)
    {
        lock (_gate)
        {
            _manual = duration > TimeSpan.Zero ? (now, now + duration) : null;
            return now + (duration > TimeSpan.Zero ? duration : TimeSpan.Zero);
        }
    }

    /// <param name="arrival">The request's number among arrivals, 1 for the first.</param>
    public bool IsDown(SimulatorOptions options, long arrival, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (options.OutageAfterRequests is { } after && arrival > after)
            {
                _afterRequestsStarted ??= now;
            }
            return IsOn(options, now);
        }
    }

    /// <summary>Whether any outage is on now (for <c>GET /sim/stats</c>), without counting a request.</summary>
    public bool IsActive(SimulatorOptions options, DateTimeOffset now)
    {
        lock (_gate)
        {
            return IsOn(options, now);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _manual = null;
            _afterRequestsStarted = null;
        }
    }

    // Under the lock.
    private bool IsOn(SimulatorOptions options, DateTimeOffset now) =>
        Within(_manual, now)
        || (_afterRequestsStarted is { } started && Within((started, started + options.OutageDuration), now))
        || (options.OutageStart is { } at && Within((at, at + options.OutageDuration), now));

    private static bool Within((DateTimeOffset Start, DateTimeOffset End)? window, DateTimeOffset now) =>
        window is { } w && now >= w.Start && now < w.End;
}
