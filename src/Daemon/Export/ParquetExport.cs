namespace BatchAi.Daemon.Export;

/// <summary>
/// One Parquet file of every row, as JSONL keeps them (failed and skipped rows with their error), streamed from the ledger a
/// row group at a time.
/// </summary>
internal static class ParquetExport
{
    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, ExportContext context, CancellationToken cancellationToken)
    {
        ParquetFile? file = null;
        ParquetLayout Layout(ExportRecord? first) => ParquetLayout.For(first, kinds: context.Kinds, systemPrompt: context.SystemPrompt);
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken))
            {
                file ??= await ParquetFile.CreateAsync(stream, Layout(record), context.Limits, cancellationToken).ConfigureAwait(false);
                await file.AddAsync(record, cancellationToken).ConfigureAwait(false);
            }

            // A job without rows still gets a file with the result columns, as the tabular formats write their header.
            file ??= await ParquetFile.CreateAsync(stream, Layout(null), context.Limits, cancellationToken).ConfigureAwait(false);
            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return file.Rows;
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
