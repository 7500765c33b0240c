using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace BatchAi.Daemon.Export;

/// <summary>
/// A generated question set as a dataset <c>startJob</c> takes as it is: one column, <c>question</c>. CSV in UTF-8
/// with a BOM and a header, JSONL of <c>{"question": ...}</c>, or XLSX with a header row; replaced atomically.
/// </summary>
internal static class QuestionSetExport
{
    public const string Column = "question";

    // Chinese and other text kept as it is, as in the answers' JSONL, rather than \uXXXX escapes.
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The formats a question set is written in, by output extension.</summary>
    public static readonly IReadOnlyList<string> Formats = [ExportFormat.Jsonl, ExportFormat.Csv, ExportFormat.Xlsx];

    /// <summary>The format an output path names, or null when it names none a question set is written in.</summary>
    public static string? FormatOf(string path) => ExportFormat.FromPath(path) is { } format && Formats.Contains(format) ? format : null;

    public static Task<long> WriteAsync(string path, string format, IAsyncEnumerable<string> questions, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync<long>(path, format switch
        {
            ExportFormat.Csv => (stream, ct) => CsvAsync(stream, questions, ct),
            ExportFormat.Xlsx => (stream, ct) => XlsxExport.WriteSheetAsync(stream, "questions", Rows(questions, ct), static _ => false, ct),
            _ => (stream, ct) => JsonlAsync(stream, questions, ct),
        }, cancellationToken);

    private static async Task<long> CsvAsync(Stream stream, IAsyncEnumerable<string> questions, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        csv.WriteField(Column);
        await csv.NextRecordAsync();
        long count = 0;
        await foreach (var question in questions.WithCancellation(cancellationToken))
        {
            csv.WriteField(question);
            await csv.NextRecordAsync();
            count++;
        }

        await csv.FlushAsync();
        return count;
    }

    private static async Task<long> JsonlAsync(Stream stream, IAsyncEnumerable<string> questions, CancellationToken cancellationToken)
    {
        await using var text = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        long count = 0;
        await foreach (var question in questions.WithCancellation(cancellationToken))
        {
            await text.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { [Column] = question }, LineOptions));
            count++;
        }

        return count;
    }

    private static async IAsyncEnumerable<IEnumerable<string?>> Rows(IAsyncEnumerable<string> questions,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return [Column];
        await foreach (var question in questions.WithCancellation(cancellationToken))
        {
            yield return [question];
        }
    }
}
