namespace BatchAi.Daemon.Ingest;

/// <summary>A row left out because it could not be read (only with <see cref="DatasetReadOptions.SkipBadRows"/>).</summary>
/// <param name="Row">The row as a person counts it: the 1-based line of a CSV/JSONL, the spreadsheet row.</param>
internal sealed record SkippedRow(long Row, string Error);
