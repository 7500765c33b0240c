namespace BatchAi.Daemon.Ingest;

/// <summary>The growing, unique column list of a source; blank or repeated names become <c>columnN</c> (N counts from 1).</summary>
internal sealed class ColumnNames
{
    private readonly List<string> _names = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Count;

    public static ColumnNames FromHeader(IEnumerable<string?> header)
    {
        var columns = new ColumnNames();
        foreach (var name in header)
        {
            columns.Add(name);
        }

        return columns;
    }

    public int Add(string? name)
    {
        var position = _names.Count + 1;
        var candidate = string.IsNullOrWhiteSpace(name) || _seen.Contains(name) ? $"column{position}" : name;
        // A real header may already be called "column3"; keep names unique whatever happens.
        for (var suffix = 2; _seen.Contains(candidate); suffix++)
        {
            candidate = $"column{position}_{suffix}";
        }

        _names.Add(candidate);
        _seen.Add(candidate);
        return _names.Count - 1;
    }

    /// <summary>The column of a JSON key, adding it on first sight; keyed by the raw key so an empty or clashing key maps to the same generated column every time.</summary>
    public int IndexOfOrAdd(string key)
    {
        if (!_byKey.TryGetValue(key, out var index))
        {
            index = Add(key);
            _byKey[key] = index;
        }

        return index;
    }

    /// <summary>Grows the list with generated names until it has at least <paramref name="count"/> columns.</summary>
    public void EnsureCount(int count)
    {
        while (_names.Count < count)
        {
            Add(null);
        }
    }
}
