using System.Text.Json;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Prompting;

internal sealed partial class RowPreparer
{
    /// <summary>
    /// A row that is a conversation, or a question with an image: its messages, text cleaned, stored as the conversation's JSON
    /// (images by reference). A question with an image is one user message of a text part and the image parts; the images
    /// of a conversation row join its first user turn, where LLaVA-style sets put their <c>&lt;image&gt;</c>.
    /// </summary>
    private PreparedRow BuildConversation(SourceRow row, IReadOnlyList<string> images)
    {
        List<ChatMessage> messages;
        try
        {
            messages = _conversation is null
                ? [new ChatMessage(ChatRole.User, QuestionText(row))]
                : ConversationReader.Read(row, _conversation);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            var error = $"{_file}, {Where(row)}: {e.Message}";
            return _skipBadRows || e.Message == ConversationReader.NoUserTurn
                ? new PreparedRow(string.Empty, string.Empty, 0, error, SkipKind.Unreadable)
                : throw new DatasetException(DatasetErrorCodes.InvalidInput, error, _file, row.RowNumber ?? row.Index);
        }

        var raw = ConversationJson.Write(messages);
        var changedBy = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            int bits;
            messages[i] = message.Parts is null
                ? message with { Content = _cleaner.Clean(message.Content, out bits) }
                : ChatMessage.OfParts(message.Role, CleanParts(message.Parts, out bits));
            changedBy |= bits;
        }

        if (images.Count > 0)
        {
            var first = messages.FindIndex(m => m.Role == ChatRole.User);
            var target = messages[first];
            messages[first] = ChatMessage.OfParts(ChatRole.User,
                [.. target.Parts ?? [ChatPart.OfText(target.Content)], .. images.Select(i => ChatPart.OfImage(i))]);
        }

        var last = messages.FindLast(m => m.Role == ChatRole.User)!;
        var prompt = ConversationJson.Write(messages);
        if (string.IsNullOrWhiteSpace(last.Content) && last.Images == 0)
        {
            return new PreparedRow(raw, string.Empty, changedBy, $"row {row.Index}: the last user turn is empty; nothing was sent", SkipKind.Empty, Conversation: true);
        }

        if (_duplicates?.FirstOf(prompt, row.Index) is { } duplicate)
        {
            return new PreparedRow(raw, prompt, changedBy, $"row {row.Index}: duplicate of row {duplicate}; not sent again", SkipKind.Duplicate, Conversation: true);
        }

        return new PreparedRow(raw, prompt, changedBy, null, Conversation: true);
    }

    private string QuestionText(SourceRow row) => _template is null ? row.Cell(_column) ?? string.Empty : _template.Render(row.Cell);

    private List<ChatPart> CleanParts(IReadOnlyList<ChatPart> parts, out int changedBy)
    {
        changedBy = 0;
        var cleaned = new List<ChatPart>(parts.Count);
        foreach (var part in parts)
        {
            var bits = 0;
            cleaned.Add(part.IsImage ? part : part with { Text = _cleaner.Clean(part.Text ?? string.Empty, out bits) });
            changedBy |= bits;
        }

        return cleaned;
    }

    private static string Where(SourceRow row) => row.RowNumber is { } n ? $"row {n}" : $"item {row.Index}";
}
