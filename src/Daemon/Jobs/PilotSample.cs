namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The rows an estimate's pilot sends: a uniform sample over the whole input (reservoir sampling), so a file sorted by topic
/// or length is measured across, not by its first rows. The seed is fixed: the same input gives the same pilot, whose
/// answers a second estimate or the job then finds in the response cache.
/// </summary>
internal sealed class PilotSample(int size)
{
    private const int Seed = 6;
    private readonly Random _random = new(Seed);
    private readonly List<(long Index, string Prompt, bool Conversation)> _rows = new(Math.Max(0, size));
    private long _seen;

    public void Offer(long index, string prompt, bool conversation = false)
    {
        _seen++;
        if (_rows.Count < size)
        {
            _rows.Add((index, prompt, conversation));
            return;
        }

        var slot = _random.NextInt64(_seen);
        if (slot < size)
        {
            _rows[(int)slot] = (index, prompt, conversation);
        }
    }

    /// <summary>The sample, in input order.</summary>
    public IReadOnlyList<(long Index, string Prompt, bool Conversation)> Rows => _rows.OrderBy(r => r.Index).ToList();
}
