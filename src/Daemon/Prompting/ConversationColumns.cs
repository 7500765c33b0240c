using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Which columns of a dataset hold a conversation, found by their names as the question column is: <c>messages</c>
/// (OpenAI chat), <c>conversations</c> (ShareGPT), or <c>instruction</c> beside <c>history</c> (Alpaca). A JSON or JSONL
/// item's nested arrays arrive as cells of compact JSON, so no reader needs to know about conversations.
/// </summary>
/// <param name="Format">The format found.</param>
/// <param name="Main">The conversation's column (for Alpaca, <c>instruction</c>).</param>
/// <param name="Input">Alpaca's <c>input</c>, or -1.</param>
/// <param name="History">Alpaca's <c>history</c>, or -1.</param>
/// <param name="System">Alpaca's <c>system</c>, or -1.</param>
internal sealed record ConversationColumns(ConversationFormat Format, int Main, int Input = -1, int History = -1, int System = -1)
{
    /// <summary>The conversation columns, or null for plain rows. A given <paramref name="column"/> is a conversation only if it is named like one.</summary>
    public static ConversationColumns? Detect(IReadOnlyList<string> columns, string? column, string file)
    {
        if (column is not null)
        {
            var index = QuestionColumn.Resolve(columns, column, file);
            return Named(columns[index]) is { } format ? Of(columns, format, index) : null;
        }

        foreach (var format in new[] { ConversationFormat.OpenAiMessages, ConversationFormat.ShareGpt })
        {
            if (IndexOf(columns, format == ConversationFormat.OpenAiMessages ? "messages" : "conversations") is var i and >= 0)
            {
                return Of(columns, format, i);
            }
        }

        return IndexOf(columns, "instruction") is var instruction and >= 0 && IndexOf(columns, "history") >= 0
            ? Of(columns, ConversationFormat.AlpacaHistory, instruction)
            : null;
    }

    private static ConversationFormat? Named(string name) => name.Trim().ToLowerInvariant() switch
    {
        "messages" => ConversationFormat.OpenAiMessages,
        "conversations" => ConversationFormat.ShareGpt,
        _ => null,
    };

    private static ConversationColumns Of(IReadOnlyList<string> columns, ConversationFormat format, int main) => format == ConversationFormat.AlpacaHistory
        ? new(format, main, IndexOf(columns, "input"), IndexOf(columns, "history"), IndexOf(columns, "system"))
        : new(format, main);

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
