using System.Text;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Rpc;

/// <summary>
/// Streamed text waiting to be sent to one client, coalesced per row: many small deltas leave as
/// one message per row per flush. Bounded: past <see cref="MaxChars"/> new text is dropped and counted.
/// </summary>
internal sealed class TokenBuffer
{
    public const int MaxChars = 1 << 20;

    private readonly object _gate = new();
    private Dictionary<(string JobId, long Row), Entry> _rows = new();
    private List<(string JobId, long Row)> _order = new();
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
                _order.Add(key);
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

    /// <summary>Takes everything buffered, as the messages to send, in the order rows first streamed.</summary>
    public List<JobToken> Take()
    {
        Dictionary<(string JobId, long Row), Entry> rows;
        List<(string JobId, long Row)> order;
        lock (_gate)
        {
            rows = _rows;
            order = _order;
            _rows = new();
            _order = new();
            _chars = 0;
        }

        var messages = new List<JobToken>(order.Count);
        foreach (var key in order)
        {
            var entry = rows[key];
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

    private sealed class Entry
    {
        public StringBuilder Answer { get; } = new();

        public StringBuilder Reasoning { get; } = new();

        public bool Reset { get; set; }
    }
}
