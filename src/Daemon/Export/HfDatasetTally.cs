namespace BatchAi.Daemon.Export;

/// <summary>What an <c>hf-dataset</c> export kept and left out, counted for its card.</summary>
internal sealed class HfDatasetTally
{
    private readonly Dictionary<string, long> _byModel = new(StringComparer.Ordinal);

    public long Failed { get; private set; }

    public long Skipped { get; private set; }

    public long Unanswered { get; private set; }

    /// <summary>Answers cut at max tokens (finish reason <c>length</c>): kept, since they are answers, but worth a reader's notice.</summary>
    public long Truncated { get; private set; }

    public long Excluded => Failed + Skipped + Unanswered;

    /// <summary>Rows kept per model that wrote them; a row the ledger cannot attribute is under the empty name.</summary>
    public IReadOnlyDictionary<string, long> ByModel => _byModel;

    /// <summary>Counts the record; true when it belongs in the dataset: an answer, not an error, a skip or a row never answered.</summary>
    public bool Keep(ExportRecord record)
    {
        switch (record.State)
        {
            case ExportRowState.Skipped:
                Skipped++;
                return false;
            case ExportRowState.Unanswered:
                Unanswered++;
                return false;
        }

        if (record.State == ExportRowState.Failed || record.Error is not null || string.IsNullOrEmpty(record.Answer))
        {
            Failed++;
            return false;
        }

        _byModel[record.Model ?? string.Empty] = _byModel.GetValueOrDefault(record.Model ?? string.Empty) + 1;
        if (record.FinishReason == "length")
        {
            Truncated++;
        }

        return true;
    }
}
