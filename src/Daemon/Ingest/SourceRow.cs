namespace BatchAi.Daemon.Ingest;

/// <summary>One data row as read from a dataset: its 0-based index among data rows (the header row excluded) and its cells, aligned with <see cref="DatasetSource.Columns"/>.</summary>
internal sealed record SourceRow(long Index, IReadOnlyList<string?> Cells);
