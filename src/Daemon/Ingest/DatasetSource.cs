namespace BatchAi.Daemon.Ingest;

/// <summary>An opened dataset: its format and columns are known; its rows are streamed, never loaded whole.</summary>
internal abstract class DatasetSource : IAsyncDisposable
{
    public required string Path { get; init; }

    /// <summary>"xlsx", "xls", "csv", "tsv", "json" or "jsonl".</summary>
    public required string Format { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Streams the data rows in file order. Throws <see cref="DatasetException"/> naming the file and row for a row that cannot be read.</summary>
    public abstract IAsyncEnumerable<SourceRow> ReadRowsAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
