using System.Text;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Rpc;

/// <summary>
/// Streamed text waiting to be sent to one client, coalesced per row: many small deltas leave as
/// one message per row per flush, for at most a number of rows still streaming (the
/// rows that waited longest first; the others keep their text for the next flush). Bounded: past
/// <see cref="MaxChars"/> new text is dropped and counted.
/// </summary>
internal sealed class TokenBuffer
{
    public const int MaxChars = 1 << 20;

    /// <summary>
    /// Rows still streaming whose text one flush sends. With 1,000 rows in flight and a flush every 50 ms, one
    /// message per row per flush would be 20,000 messages a second, more than an editor can render; this caps a
    /// client at 20 × 100 = 2,000 token messages a second for those rows, each row updated every half second or so.
    /// </summary>
    public const int DefaultRowsPerFlush = DaemonSettings.DefaultTokenRowsPerFlush;

    private readonly object _gate = new();
    private Dictionary<(string JobId, long Row), Entry> _rows = new();
    // Rows in the order they first streamed since last sent; an item whose entry was replaced or taken is stale and skipped.
    private List<((string JobId, long Row) Key, Entry Entry)> _order = new();
    private int _chars;

    public long Dropped { get; private set; }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _order.Count == 0;
            }
        }
    }

    public void Add(JobToken token)
    {
        lock (_gate)
        {
            var key = (token.JobId, token.Row);
            if (!_rows.TryGetValue(key, out var entry))
            {
                if (_chars + token.Text.Length > MaxChars)
                {
                    Dropped++;
                    return;
                }

                entry = new Entry();
                _rows[key] = entry;
                _order.Add((key, entry));
            }

            if (token.Reset)
            {
                _chars -= entry.Answer.Length + entry.Reasoning.Length;
                entry.Answer.Clear();
                entry.Reasoning.Clear();
                entry.Reset = true;
            }

            if (_chars + token.Text.Length > MaxChars)
            {
                Dropped++;
                return;
            }

            (token.Reasoning ? entry.Reasoning : entry.Answer).Append(token.Text);
            _chars += token.Text.Length;
        }
    }

    /// <summary>
    /// Takes the text of up to <paramref name="maxRows"/> rows, the longest waiting first, and of every row in
    /// <paramref name="completing"/> whatever the cap (its <c>rowCompleted</c> goes out in the same flush, and its
    /// text must arrive before it), as the messages to send in the order rows first streamed.
    /// </summary>
    public List<JobToken> Take(int maxRows = int.MaxValue, IReadOnlySet<(string JobId, long Row)>? completing = null)
    {
        var taken = new List<((string JobId, long Row) Key, Entry Entry)>();
        lock (_gate)
        {
            var rest = new List<((string JobId, long Row) Key, Entry Entry)>();
            var streaming = 0;
            foreach (var item in _order)
            {
                if (!_rows.TryGetValue(item.Key, out var entry) || !ReferenceEquals(entry, item.Entry))
                {
                    continue;
                }

                var mustGo = completing?.Contains(item.Key) ?? false;
                if (!mustGo && streaming >= maxRows)
                {
                    rest.Add(item);
                    continue;
                }

                streaming += mustGo ? 0 : 1;
                taken.Add(item);
                _rows.Remove(item.Key);
                _chars -= entry.Answer.Length + entry.Reasoning.Length;
            }

            _order = rest;
        }

        var messages = new List<JobToken>(taken.Count);
        foreach (var (key, entry) in taken)
        {
            if (entry.Reset)
            {
                messages.Add(new JobToken(key.JobId, key.Row, string.Empty, Reasoning: false, Reset: true));
            }

            if (entry.Reasoning.Length > 0)
            {
                messages.Add(new JobToken(key.JobId, key.Row, entry.Reasoning.ToString(), Reasoning: true));
            }

            if (entry.Answer.Length > 0)
            {
                messages.Add(new JobToken(key.JobId, key.Row, entry.Answer.ToString()));
            }
        }

        return messages;
    }

    /// <summary>Characters held, for tests of the bound.</summary>
    public int Chars
    {
        get
        {
            lock (_gate)
            {
                return _chars;
            }
        }
    }

    private sealed class Entry
    {
        public StringBuilder Answer { get; } = new();

        public StringBuilder Reasoning { get; } = new();

        public bool Reset { get; set; }
    }
}
