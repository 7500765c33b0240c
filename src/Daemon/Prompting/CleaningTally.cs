using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Prompting;

/// <summary>Counts, over the rows prepared, how many each rule changed and how many were skipped and why.</summary>
internal sealed class CleaningTally
{
    private readonly Dictionary<string, long> _changed = new(StringComparer.Ordinal);

    public long Rows { get; private set; }

    public long Empty { get; private set; }

    public long Duplicates { get; private set; }

    public void Add(PreparedRow row, TextCleaner cleaner)
    {
        Rows++;
        if (row.ChangedBy != 0)
        {
            foreach (var id in cleaner.Names(row.ChangedBy))
            {
                _changed[id] = _changed.GetValueOrDefault(id) + 1;
            }
        }

        Empty += row.SkipKind == SkipKind.Empty ? 1 : 0;
        Duplicates += row.SkipKind == SkipKind.Duplicate ? 1 : 0;
    }

    /// <summary>The summary, with every rule that is on listed (0 when it changed nothing).</summary>
    public CleaningCounts Summary(TextCleaner cleaner) => new(
        Rows,
        cleaner.RuleIds.ToDictionary(id => id, id => _changed.GetValueOrDefault(id), StringComparer.Ordinal),
        Empty,
        Duplicates);
}
