namespace BatchAi.Daemon.Export;

/// <summary>Writes a job's results to a file, streaming record by record and replacing the target atomically.</summary>
internal static class ExportWriter
{
    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> in <paramref name="format"/> (<c>jsonl</c> by default); returns how many were written.</summary>
    public static async Task<long> WriteAsync(string path, string? format, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken,
        ExportContext? context = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(records);

        // Checked before any file is touched.
        var name = ExportFormat.Normalize(format);
        if (ExportFormat.IsTraining(name) || name is ExportFormat.Parquet or ExportFormat.HfDataset)
        {
            // A row of several answers is one example per answered slot: every answer is training data.
            records = Examples(records, cancellationToken);
        }

        if (ExportFormat.IsFiltered(name))
        {
            return await WriteTrainingAsync(path, name, records, context ?? ExportContext.None, cancellationToken).ConfigureAwait(false);
        }

        if (name == ExportFormat.HfDataset)
        {
            return await HfDatasetExport.WriteAsync(path, records, context ?? ExportContext.None, cancellationToken).ConfigureAwait(false);
        }

        Func<Stream, CancellationToken, Task<long>> write = name switch
        {
            ExportFormat.Json => (stream, ct) => JsonExport.WriteArrayAsync(stream, records, ct, context?.AnswerColumns is not null),
            ExportFormat.Csv => (stream, ct) => CsvExport.WriteAsync(stream, records, ct, context?.AnswerColumns, context?.Slots ?? 0),
            ExportFormat.Xlsx => (stream, ct) => XlsxExport.WriteAsync(stream, records, ct, context?.AnswerColumns, context?.Slots ?? 0),
            ExportFormat.Parquet => (stream, ct) => ParquetExport.WriteAsync(stream, records, context ?? ExportContext.None, ct),
            _ => (stream, ct) => JsonExport.WriteLinesAsync(stream, records, ct, context?.AnswerColumns is not null),
        };

        return await AtomicFile.WriteAsync(path, write, cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<ExportRecord> Examples(IAsyncEnumerable<ExportRecord> records,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var example in record.Examples())
            {
                yield return example;
            }
        }
    }

    /// <summary>A training or preference file and, beside it, the rows left out with the reason; both replaced atomically.</summary>
    private static async Task<long> WriteTrainingAsync(string path, string format, IAsyncEnumerable<ExportRecord> records, ExportContext context,
        CancellationToken cancellationToken)
    {
        var written = 0L;
        await AtomicFile.WriteAsync(
            ExportFormat.ExcludedPath(path),
            async (excluded, ct) =>
            {
                written = await AtomicFile.WriteAsync(
                    path,
                    (stream, inner) => ExportFormat.IsPreference(format)
                        ? PreferenceExport.WriteAsync(stream, format, records, context, excluded, inner)
                        : TrainingExport.WriteAsync(stream, format, records, context, excluded, inner),
                    ct).ConfigureAwait(false);
                return 0L;
            },
            cancellationToken).ConfigureAwait(false);
        return written;
    }
}
