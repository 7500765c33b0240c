using System.Globalization;

namespace BatchAi.Daemon.Export;

/// <summary>The columns and cell texts of the tabular formats (CSV, XLSX): the fixed result columns, then the source columns of the first record.</summary>
internal static class TabularRow
{
    /// <remarks>Columns are only ever added at the end of these (<c>model</c> came last), so a sheet read by position keeps its result columns.</remarks>
    public static readonly IReadOnlyList<string> FixedColumns =
        ["index", "question", "answer", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model"];

    /// <summary>The source columns, from the first record: the file is streamed, so the header cannot wait for the rest.</summary>
    public static string[] SourceColumns(ExportRecord? first) => first?.Columns?.Select(c => c.Key).ToArray() ?? [];

    /// <summary>The header; a source column named like a result column ("answer") is prefixed, so the header stays unambiguous.</summary>
    /// <param name="answerColumns">A structured job's schema properties, as columns after the result columns (<see cref="AnswerColumns"/>).</param>
    /// <param name="slots">A job with several answers per row: its slots, each as <see cref="SlotColumns"/> after those.</param>
    public static IEnumerable<string> Header(string[] sourceColumns, IReadOnlyList<string>? answerColumns = null, int slots = 0)
    {
        IReadOnlyList<string> results = answerColumns is null ? FixedColumns : [.. FixedColumns, .. AnswerColumns.Names(answerColumns)];
        if (slots > 0)
        {
            results = [.. results, .. Enumerable.Range(1, slots).SelectMany(n => SlotColumns.Select(c => $"{c}_{n}"))];
        }

        return results.Concat(SourceNames(sourceColumns, results));
    }

    /// <summary>
    /// The columns of each of a row's several answers, numbered from 1 in slot order (models in the order given, each model's samples
    /// in turn): <c>model_1</c>, <c>sample_1</c> (from 0), <c>answer_1</c>, <c>error_1</c>, then <c>model_2</c>... The row's own
    /// <c>answer</c> stays slot 0's.
    /// </summary>
    public static readonly IReadOnlyList<string> SlotColumns = ["model", "sample", "answer", "error"];

    /// <summary>The source columns' names beside <paramref name="resultColumns"/>: one named like a result column is prefixed with <c>source.</c>.</summary>
    public static IEnumerable<string> SourceNames(string[] sourceColumns, IReadOnlyList<string> resultColumns) =>
        sourceColumns.Select(name => resultColumns.Contains(name, StringComparer.OrdinalIgnoreCase) ? $"source.{name}" : name);

    public static IEnumerable<string?> Fields(ExportRecord record, string[] sourceColumns, IReadOnlyList<string>? answerColumns = null, int slots = 0)
    {
        yield return record.Index.ToString(CultureInfo.InvariantCulture);
        yield return record.Question;
        yield return record.Answer;
        yield return record.Error;
        yield return record.FinishReason;
        yield return record.PromptTokens?.ToString(CultureInfo.InvariantCulture);
        yield return record.CompletionTokens?.ToString(CultureInfo.InvariantCulture);
        yield return record.Attempts.ToString(CultureInfo.InvariantCulture);
        yield return record.Model;
        if (answerColumns is not null)
        {
            foreach (var cell in AnswerColumns.Cells(record.Answer, answerColumns))
            {
                yield return cell;
            }
        }

        for (var slot = 0; slot < slots; slot++)
        {
            var answer = record.Answers?.FirstOrDefault(a => a.Slot == slot);
            yield return answer?.Model;
            yield return answer?.Sample.ToString(CultureInfo.InvariantCulture);
            yield return answer?.Answer;
            yield return answer is null ? null : answer.Answered ? null : answer.Error ?? "not answered";
        }

        foreach (var name in sourceColumns)
        {
            yield return Lookup(record.Columns, name);
        }
    }

    /// <summary>Whether the fixed column at <paramref name="position"/> holds a number (index, token counts, attempts).</summary>
    public static bool IsNumeric(int position) => position is 0 or 5 or 6 or 7;

    /// <summary>A source cell by column name; null when the record has no such column.</summary>
    public static string? Lookup(IReadOnlyList<KeyValuePair<string, string?>>? columns, string name)
    {
        foreach (var (key, value) in columns ?? [])
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
