using System.Globalization;
using System.Text;
using CsvHelper;

namespace BatchAi.Daemon.Export;

/// <summary>CSV in UTF-8 with a BOM (so Excel opens Chinese correctly): the fixed result columns, then the source columns of the first record.</summary>
internal static class CsvExport
{
    public static readonly IReadOnlyList<string> FixedColumns =
        ["index", "question", "answer", "error", "finishReason", "promptTokens", "completionTokens", "attempts"];

    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        long count = 0;
        string[]? sourceColumns = null;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (sourceColumns is null)
            {
                // The source columns come from the first record: the file is streamed, so the header cannot wait for the rest.
                sourceColumns = record.Columns?.Select(c => c.Key).ToArray() ?? [];
                WriteHeader(csv, sourceColumns);
            }

            WriteRecord(csv, record, sourceColumns);
            count++;
        }

        if (sourceColumns is null)
        {
            WriteHeader(csv, []);
        }

        await csv.FlushAsync();
        return count;
    }

    private static void WriteHeader(CsvWriter csv, string[] sourceColumns)
    {
        foreach (var name in FixedColumns)
        {
            csv.WriteField(name);
        }

        foreach (var name in sourceColumns)
        {
            // A source column named like a result column ("answer") would make the header ambiguous.
            csv.WriteField(FixedColumns.Contains(name, StringComparer.OrdinalIgnoreCase) ? $"source.{name}" : name);
        }

        csv.NextRecord();
    }

    private static void WriteRecord(CsvWriter csv, ExportRecord record, string[] sourceColumns)
    {
        csv.WriteField(record.Index.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(record.Question);
        csv.WriteField(record.Answer);
        csv.WriteField(record.Error);
        csv.WriteField(record.FinishReason);
        csv.WriteField(record.PromptTokens?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(record.CompletionTokens?.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(record.Attempts.ToString(CultureInfo.InvariantCulture));
        foreach (var name in sourceColumns)
        {
            csv.WriteField(Lookup(record.Columns, name));
        }

        csv.NextRecord();
    }

    private static string? Lookup(IReadOnlyList<KeyValuePair<string, string?>>? columns, string name)
    {
        if (columns is null)
        {
            return null;
        }

        foreach (var (key, value) in columns)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
