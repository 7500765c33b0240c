namespace BatchAi.Daemon.Export;

/// <summary>Writes a job's results to a file, streaming record by record and replacing the target atomically.</summary>
internal static class ExportWriter
{
    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> as <c>jsonl</c> (default), <c>json</c> or <c>csv</c>; returns how many were written.</summary>
    public static Task<long> WriteAsync(string path, string? format, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(records);

        // Checked before any file is touched.
        Func<Stream, CancellationToken, Task<long>> write = ExportFormat.Normalize(format) switch
        {
            ExportFormat.Json => (stream, ct) => JsonExport.WriteArrayAsync(stream, records, ct),
            ExportFormat.Csv => (stream, ct) => CsvExport.WriteAsync(stream, records, ct),
            _ => (stream, ct) => JsonExport.WriteLinesAsync(stream, records, ct),
        };

        return AtomicFile.WriteAsync(path, write, cancellationToken);
    }
}
