using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>
/// The columns of a Parquet export: the JSONL record's fields in its order, with proper types (whole numbers as int64, text as
/// UTF-8 strings, nullable where the record's field is), then the source columns flattened under the tabular formats' names.
/// </summary>
/// <remarks>
/// A Parquet file has one schema, written before its first row, and a dataset's shards must share it; so <c>reasoning</c>
/// is always a column (null where the model gave none), where JSONL writes it only when a record has it.
/// </remarks>
internal sealed class ParquetLayout
{
    /// <summary>The result columns, named as in JSONL.</summary>
    public static readonly IReadOnlyList<string> ResultColumns =
        ["index", "question", "answer", "reasoning", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model"];

    private ParquetLayout(IReadOnlyList<ParquetColumn> columns)
    {
        Columns = columns;
        Schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
    }

    public IReadOnlyList<ParquetColumn> Columns { get; }

    public ParquetSchema Schema { get; }

    /// <summary>
    /// The layout for a job whose first record is <paramref name="first"/> (the file is streamed, so its source columns decide);
    /// <paramref name="withError"/> false leaves out <c>error</c>, for a dataset that holds answered rows only.
    /// </summary>
    public static ParquetLayout For(ExportRecord? first, bool withError = true)
    {
        var columns = new List<ParquetColumn>
        {
            ParquetColumn.OfNumber("index", r => r.Index),
            ParquetColumn.OfText("question", r => r.Question, nullable: false),
            ParquetColumn.OfText("answer", r => r.Answer),
            ParquetColumn.OfText("reasoning", r => r.Reasoning),
        };
        if (withError)
        {
            columns.Add(ParquetColumn.OfText("error", r => r.Error));
        }

        columns.Add(ParquetColumn.OfText("finishReason", r => r.FinishReason));
        columns.Add(ParquetColumn.OfNullableNumber("promptTokens", r => r.PromptTokens));
        columns.Add(ParquetColumn.OfNullableNumber("completionTokens", r => r.CompletionTokens));
        columns.Add(ParquetColumn.OfNumber("attempts", r => r.Attempts));
        columns.Add(ParquetColumn.OfText("model", r => r.Model));

        var sources = TabularRow.SourceColumns(first);
        var taken = new HashSet<string>(columns.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var (source, name) in sources.Zip(TabularRow.SourceNames(sources, ResultColumns)))
        {
            columns.Add(ParquetColumn.OfText(Unique(name, taken), r => TabularRow.Lookup(r.Columns, source)));
        }

        return new ParquetLayout(columns);
    }

    // Parquet refuses two fields of one name; a header such as "a, source.a, A" after prefixing can still repeat one.
    private static string Unique(string name, HashSet<string> taken)
    {
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = $"{name}_{n}";
        }

        return unique;
    }
}
