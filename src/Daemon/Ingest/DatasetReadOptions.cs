namespace BatchAi.Daemon.Ingest;

/// <summary>How to read a dataset. Every member is optional; the readers detect what is not given.</summary>
/// <param name="Sheet">Spreadsheet sheet by name, or a 0-based index given as digits. Default: the first sheet.</param>
/// <param name="Encoding">Text encoding name (e.g. "gb18030", "utf-16") for CSV/TSV/JSON/JSONL. Default: detected.</param>
/// <param name="Delimiter">CSV field delimiter. Default: detected from the first lines.</param>
/// <param name="SkipBadRows">Skip rows that cannot be read (recorded in <see cref="DatasetSource.SkippedRows"/>) instead of failing.</param>
internal sealed record DatasetReadOptions(
    string? Sheet = null,
    string? Encoding = null,
    char? Delimiter = null,
    bool SkipBadRows = false);
