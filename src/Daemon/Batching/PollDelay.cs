namespace BatchAi.Daemon.Batching;

/// <summary>
/// How long to wait before the next poll of a job's batches: <paramref name="first"/> after a change (a batch moved on, its
/// counts grew, a file went up), then half as long again each time nothing changed, up to <paramref name="most"/>. A batch
/// runs for minutes to hours: polling fast while it moves and slowly while it waits keeps the requests few.
/// </summary>
internal sealed class PollDelay(TimeSpan first, TimeSpan most)
{
    private readonly TimeSpan _first = first;

    /// <summary>OpenAI's batches take minutes to hours: a poll every 5 minutes at most is soon enough, and costs nothing.</summary>
    public static readonly TimeSpan DefaultMost = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultFirst = TimeSpan.FromSeconds(5);

    private const double Growth = 1.5;

    private TimeSpan _current = first;


    public TimeSpan Current => _current;

    /// <summary>The wait before the next poll, after one that saw <paramref name="changed"/>.</summary>
    public TimeSpan Next(bool changed)
    {
        _current = changed ? _first : TimeSpan.FromTicks(Math.Min(most.Ticks, (long)(_current.Ticks * Growth)));
        return _current;
    }
}
