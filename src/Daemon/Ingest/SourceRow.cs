namespace BatchAi.Daemon.Ingest;

/// <summary>One data row as read from a dataset: its 0-based index among data rows (the header row excluded) and its cells, aligned with <see cref="DatasetSource.Columns"/>.</summary>
/// <remarks>When a reader discovers a column late (a JSON key first seen in row 500, a CSV row longer than the header), rows yielded earlier have fewer cells than <see cref="DatasetSource.Columns"/>: read cells with <see cref="Cell"/>.</remarks>
internal sealed record SourceRow(long Index, IReadOnlyList<string?> Cells)
{
    /// <summary>Where the row is in the file as a person counts it: the 1-based line a CSV/JSONL record starts on, the spreadsheet row; null where unknown (JSON arrays).</summary>
    public long? RowNumber { get; init; }

    /// <summary>The cell in <paramref name="column"/>, or null when this row has no such cell.</summary>
    public string? Cell(int column) => column >= 0 && column < Cells.Count ? Cells[column] : null;
}
