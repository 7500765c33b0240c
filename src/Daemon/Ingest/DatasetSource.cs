namespace BatchAi.Daemon.Ingest;

/// <summary>An opened dataset: its format and columns are known; its rows are streamed, never loaded whole.</summary>
/// <remarks>Each call to <see cref="ReadRowsAsync"/> reads the file afresh from the start; one enumeration at a time.</remarks>
internal abstract class DatasetSource : IAsyncDisposable
{
    private readonly List<SkippedRow> _skippedRows = [];
    private FileStream? _currentStream;

    public required string Path { get; init; }

    /// <summary>"xlsx", "xls", "csv", "tsv", "json" or "jsonl".</summary>
    public required string Format { get; init; }

    /// <summary>The column names. JSON/JSONL/CSV readers may append a column while rows stream (a key first seen late, a row longer than the header); never reorder or remove.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>The text encoding read (e.g. <c>utf-8</c>, <c>gb18030</c>); null for spreadsheets.</summary>
    public virtual string? EncodingName => null;

    /// <summary>The sheet names of a workbook; null for other formats.</summary>
    public virtual IReadOnlyList<string>? Sheets => null;

    /// <summary>Rows left out during the latest <see cref="ReadRowsAsync"/> because of <see cref="DatasetReadOptions.SkipBadRows"/>.</summary>
    public IReadOnlyList<SkippedRow> SkippedRows => _skippedRows;

    /// <summary>CSV/TSV rows of the latest <see cref="ReadRowsAsync"/> with more or fewer fields than the header (read all the same: short rows padded, long rows given new columns).</summary>
    public long RaggedRows { get; private set; }

    /// <summary>The first of <see cref="RaggedRows"/>, as a person counts it (its line).</summary>
    public long? FirstRaggedRow { get; private set; }

    /// <summary>How far into the file the current enumeration has read; lets tests prove the readers stream.</summary>
    internal long? ReadPosition => _currentStream is { CanSeek: true } s ? s.Position : null;

    /// <summary>Streams the data rows in file order. Throws <see cref="DatasetException"/> naming the file and row for a row that cannot be read.</summary>
    public abstract IAsyncEnumerable<SourceRow> ReadRowsAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected FileStream OpenFile()
    {
        var stream = DatasetFile.OpenRead(Path);
        _currentStream = stream;
        _skippedRows.Clear();
        RaggedRows = 0;
        FirstRaggedRow = null;
        return stream;
    }

    protected void Skip(long row, string error) => _skippedRows.Add(new SkippedRow(row, error));

    protected void Ragged(long row)
    {
        RaggedRows++;
        FirstRaggedRow ??= row;
    }
}
