using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>
/// The columns of a Parquet export: the JSONL record's fields in its order, with proper types (whole numbers as int64, text as
/// UTF-8 strings, nullable where the record's field is), then the source columns flattened under the tabular formats' names.
/// A job with conversation rows also gets <c>messages</c> (and, with images, <c>images</c>) after <c>question</c>, where JSONL
/// writes its <c>messages</c>: each row as a training conversation (<see cref="TrainingChat"/>), a plain row's question as one
/// user turn, so every row of a mixed job has the column.
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

    /// <summary>The columns a conversation job adds; a source column of one of these names is prefixed, as for the result columns.</summary>
    public static readonly IReadOnlyList<string> ConversationColumns = ["messages", "images"];

    private readonly string? _systemPrompt;

    private ParquetLayout(IReadOnlyList<ParquetColumn> columns, ConversationKinds kinds, string? systemPrompt)
    {
        Columns = columns;
        Kinds = kinds;
        _systemPrompt = systemPrompt;
        Schema = new ParquetSchema(columns.Select(c => c.Field));
    }

    public IReadOnlyList<ParquetColumn> Columns { get; }

    public ParquetSchema Schema { get; }

    public ConversationKinds Kinds { get; }

    /// <summary>The record as the columns read it; its conversation is parsed only when the layout has conversation columns.</summary>
    public ParquetRow Row(ExportRecord record) => new(record, Kinds.Conversations ? TrainingChat.Of(record, _systemPrompt) : null);

    /// <summary>
    /// The layout for a job whose first record is <paramref name="first"/> (the file is streamed, so its source columns decide);
    /// <paramref name="withError"/> false leaves out <c>error</c>, for a dataset that holds answered rows only.
    /// <paramref name="kinds"/> (null: what <paramref name="first"/> shows) adds the conversation columns;
    /// <paramref name="systemPrompt"/> is the job's, the first turn of a conversation without a system message of its own.
    /// </summary>
    public static ParquetLayout For(ExportRecord? first, bool withError = true, ConversationKinds? kinds = null, string? systemPrompt = null)
    {
        kinds ??= ConversationKinds.Of(first);
        var columns = new List<ParquetColumn>
        {
            ParquetColumn.OfNumber("index", r => r.Record.Index),
            // A conversation's last user turn, as JSONL's question; without conversation columns the record's question as stored.
            ParquetColumn.OfText("question", r => r.Chat?.Question ?? r.Record.Question, nullable: false),
        };
        if (kinds.Conversations)
        {
            columns.Add(ParquetColumn.OfTurns("messages", r => r.Chat!.Messages));
            if (kinds.Images)
            {
                // Only with images: TRL takes a dataset with an images column for a vision one, so a text job must not have it.
                columns.Add(ParquetColumn.OfStrings("images", r => r.Chat!.Images));
            }
        }

        columns.Add(ParquetColumn.OfText("answer", r => r.Record.Answer));
        columns.Add(ParquetColumn.OfText("reasoning", r => r.Record.Reasoning));
        if (withError)
        {
            columns.Add(ParquetColumn.OfText("error", r => r.Record.Error));
        }

        columns.Add(ParquetColumn.OfText("finishReason", r => r.Record.FinishReason));
        columns.Add(ParquetColumn.OfNullableNumber("promptTokens", r => r.Record.PromptTokens));
        columns.Add(ParquetColumn.OfNullableNumber("completionTokens", r => r.Record.CompletionTokens));
        columns.Add(ParquetColumn.OfNumber("attempts", r => r.Record.Attempts));
        columns.Add(ParquetColumn.OfText("model", r => r.Record.Model));

        var sources = TabularRow.SourceColumns(first);
        IReadOnlyList<string> reserved = kinds.Conversations ? [.. ResultColumns, .. ConversationColumns] : ResultColumns;
        var taken = new HashSet<string>(columns.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var (source, name) in sources.Zip(TabularRow.SourceNames(sources, reserved)))
        {
            columns.Add(ParquetColumn.OfText(Unique(name, taken), r => TabularRow.Lookup(r.Record.Columns, source)));
        }

        return new ParquetLayout(columns, kinds, systemPrompt);
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
