using System.Globalization;
using System.Text;
using CsvHelper;

namespace BatchAi.Daemon.Export;

/// <summary>CSV in UTF-8 with a BOM (so Excel opens Chinese correctly), with the columns of <see cref="TabularRow"/>.</summary>
internal static class CsvExport
{
    public static IReadOnlyList<string> FixedColumns => TabularRow.FixedColumns;

    public static async Task<long> WriteAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken,
        IReadOnlyList<string>? answerColumns = null, int slots = 0)
    {
        await using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        long count = 0;
        string[]? sourceColumns = null;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (sourceColumns is null)
            {
                sourceColumns = TabularRow.SourceColumns(record);
                WriteRow(csv, TabularRow.Header(sourceColumns, answerColumns, slots));
            }

            WriteRow(csv, TabularRow.Fields(record, sourceColumns, answerColumns, slots));
            count++;
        }

        if (sourceColumns is null)
        {
            WriteRow(csv, TabularRow.Header([], answerColumns, slots));
        }

        await csv.FlushAsync();
        return count;
    }

    private static void WriteRow(CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }

        csv.NextRecord();
    }
}
