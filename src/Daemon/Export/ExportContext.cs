namespace BatchAi.Daemon.Export;

/// <summary>What an export needs beyond the rows: the job's system prompt (training formats carry it) and whether reasoning is kept.</summary>
internal sealed record ExportContext(string? SystemPrompt = null, bool KeepReasoning = false)
{
    public static ExportContext None { get; } = new();

    /// <summary>The job's settings, for an <c>hf-dataset</c>'s card.</summary>
    public ExportProvenance? Provenance { get; init; }

    /// <summary>An <c>hf-dataset</c>'s held-out <c>test</c> split, if one is asked for.</summary>
    public HoldOut? HoldOut { get; init; }

    /// <summary>
    /// A structured job's schema properties (null for a free-text job): CSV and XLSX add a column for each, JSON and JSONL
    /// the answer as an object (<c>answerJson</c>) beside its text.
    /// </summary>
    public IReadOnlyList<string>? AnswerColumns { get; init; }

    /// <summary>
    /// A job with several answers per row: how many each row has (CSV and XLSX add <see cref="TabularRow.SlotColumns"/> for each);
    /// 0 for a plain job. The training formats, parquet and hf-dataset write one example per answered slot instead.
    /// </summary>
    public int Slots { get; init; }

    public ParquetLimits Limits { get; init; } = ParquetLimits.Default;

    /// <summary>Whether the job has conversation (and image) rows, asked of the ledger; null lets the first record decide.</summary>
    public ConversationKinds? Kinds { get; init; }

    /// <summary>The lowest judge's score an answer may have to stay in a training or preference file; null keeps every answer.</summary>
    public double? MinScore { get; init; }

    /// <summary>For the preference formats: how much more the chosen answer must score than the rejected one.</summary>
    public double Margin { get; init; } = PreferencePair.DefaultMargin;
}
