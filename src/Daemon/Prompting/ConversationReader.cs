using System.Text.Json;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Reads a row's conversation from its cells in any of the <see cref="ConversationFormat"/>s, as messages. The row is
/// answered as the next assistant turn after its last user turn: assistant turns after it (an input that already holds
/// an answer, such as Alpaca's <c>output</c>) are dropped and answered again, which is what regenerating a training set
/// asks for.
/// </summary>
internal static class ConversationReader
{
    /// <summary>Why a conversation without a user turn is skipped: nothing is asked, so it is data, not a broken row.</summary>
    public const string NoUserTurn = "the conversation has no user turn to answer";

    /// <summary>The messages up to and including the last user turn; throws <see cref="FormatException"/> saying what is wrong with the cell.</summary>
    public static List<ChatMessage> Read(SourceRow row, ConversationColumns columns)
    {
        var messages = columns.Format switch
        {
            ConversationFormat.OpenAiMessages => [.. ConversationJson.Parse(ParseCell(row.Cell(columns.Main), "messages"))],
            ConversationFormat.ShareGpt => ShareGpt(ParseCell(row.Cell(columns.Main), "conversations")),
            _ => Alpaca(row, columns),
        };

        var lastUser = messages.FindLastIndex(m => m.Role == ChatRole.User);
        if (lastUser < 0)
        {
            throw new FormatException(NoUserTurn);
        }

        messages.RemoveRange(lastUser + 1, messages.Count - lastUser - 1);
        return messages;
    }

    private static JsonElement ParseCell(string? cell, string what)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            throw new FormatException($"the '{what}' cell is empty");
        }

        try
        {
            using var document = JsonDocument.Parse(cell);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new FormatException($"the '{what}' cell is not a JSON array");
        }
    }

    private static List<ChatMessage> ShareGpt(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the conversations are not a JSON array");
        }

        var messages = new List<ChatMessage>();
        foreach (var turn in array.EnumerateArray())
        {
            var from = turn.ValueKind == JsonValueKind.Object && turn.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : null;
            if (from is null)
            {
                throw new FormatException($"turn {messages.Count + 1} has no 'from'");
            }

            var role = ConversationJson.Role(from) ?? throw new FormatException($"turn {messages.Count + 1} is from an unknown speaker '{from}'");
            var value = turn.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
            messages.Add(new ChatMessage(role, value));
        }

        return messages;
    }

    private static List<ChatMessage> Alpaca(SourceRow row, ConversationColumns columns)
    {
        var messages = new List<ChatMessage>();
        if (row.Cell(columns.System) is { Length: > 0 } system && !string.IsNullOrWhiteSpace(system))
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        if (row.Cell(columns.History) is { } history && !string.IsNullOrWhiteSpace(history))
        {
            foreach (var pair in ParseCell(history, "history").EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() < 2)
                {
                    throw new FormatException("the history is not a list of [question, answer] pairs");
                }

                messages.Add(new ChatMessage(ChatRole.User, pair[0].GetString() ?? string.Empty));
                messages.Add(new ChatMessage(ChatRole.Assistant, pair[1].GetString() ?? string.Empty));
            }
        }

        var instruction = row.Cell(columns.Main) ?? string.Empty;
        var input = row.Cell(columns.Input);
        messages.Add(new ChatMessage(ChatRole.User, string.IsNullOrWhiteSpace(input) ? instruction : $"{instruction}\n\n{input}"));
        return messages;
    }
}
