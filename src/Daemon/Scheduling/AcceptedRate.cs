namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// How many units (requests or tokens) an endpoint has accepted per second lately: counts in quarter-second slices over
/// the last <see cref="Span"/>, on the injected clock. What a provider accepted without refusing is a pace it allows.
/// </summary>
internal sealed class AcceptedRate(TimeProvider time)
{
    private const int Slices = 40;
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(250);
    private readonly double[] _counts = new double[Slices];
    private readonly long _origin = time.GetTimestamp();
    private long _newest;

    /// <summary>The longest span measured: ten seconds, longer than the short windows providers enforce (1 to 10 s).</summary>
    public static TimeSpan Span => Slice * Slices;

    /// <summary>How long the meter has been counting.</summary>
    public TimeSpan Age => time.GetElapsedTime(_origin);

    public void Add(double units)
    {
        var now = Advance();
        _counts[now % Slices] += units;
    }

    /// <summary>Units per second over the last <paramref name="span"/> (at most <see cref="Span"/>), the current slice included.</summary>
    public double PerSecond(TimeSpan span)
    {
        var now = Advance();
        var slices = (int)Math.Clamp(Math.Ceiling(span / Slice), 1, Slices);
        var sum = 0.0;
        for (var i = 0; i < slices; i++)
        {
            sum += _counts[(now - i + Slices) % Slices];
        }

        // The current slice is only partly over, and a meter younger than the span has not seen all of it: measure the
        // time actually covered, so a fresh count is not diluted.
        var sinceOrigin = time.GetElapsedTime(_origin);
        var elapsed = (sinceOrigin - (Slice * now)) + (Slice * (slices - 1));
        elapsed = elapsed < sinceOrigin ? elapsed : sinceOrigin;
        return elapsed > TimeSpan.Zero ? sum / Math.Max(elapsed.TotalSeconds, Slice.TotalSeconds) : 0;
    }

    // Moves to the current slice, clearing the ones passed since the last call.
    private long Advance()
    {
        var now = (long)(time.GetElapsedTime(_origin) / Slice);
        for (var s = Math.Max(_newest + 1, now - Slices + 1); s <= now; s++)
        {
            _counts[s % Slices] = 0;
        }

        _newest = Math.Max(_newest, now);
        return now;
    }
}
