using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Export;

/// <summary>One turn of a training conversation: a role (<c>system</c>, <c>user</c>, <c>assistant</c>) and its text.</summary>
internal readonly record struct ChatTurn(string Role, string Content);

/// <summary>
/// A row as a training conversation with plain-text turns, for the columnar formats (Parquet's <c>messages</c> and
/// <c>images</c>): the conversation (a plain row is its question as one user turn), the job's system prompt before it when it
/// has none of its own, and the answer as the last assistant turn, as <c>openai-chat</c> writes it. Images are references in
/// <see cref="Images"/> and an <c>&lt;image&gt;</c> mark in their turn's text, LLaMA-Factory's convention, so a turn's content
/// stays one string (a column of one type) where OpenAI's content parts would mix strings and lists.
/// </summary>
/// <param name="Question">What the <c>question</c> column reads: the question, or a conversation's last user turn.</param>
internal sealed record TrainingChat(IReadOnlyList<ChatTurn> Messages, IReadOnlyList<string> Images, string Question)
{
    public const string ImageMark = "<image>";

    public static TrainingChat Of(ExportRecord record, string? systemPrompt)
    {
        // A conversation skipped for an empty last turn is stored without its JSON: nothing was sent, so no turns at all.
        IReadOnlyList<ChatMessage> conversation = !record.Conversation ? [new ChatMessage(ChatRole.User, record.Question)]
            : string.IsNullOrWhiteSpace(record.Question) ? []
            : ConversationJson.Parse(record.Question);
        var turns = new List<ChatTurn>(conversation.Count + 2);
        if (conversation.Count > 0 && !string.IsNullOrWhiteSpace(systemPrompt) && !conversation.Any(m => m.Role == ChatRole.System))
        {
            turns.Add(new ChatTurn("system", systemPrompt));
        }

        var images = new List<string>();
        foreach (var message in conversation)
        {
            turns.Add(new ChatTurn(message.RoleName, MarkedText(message)));
            images.AddRange((message.Parts ?? []).Where(p => p.IsImage).Select(p => p.ImageUrl!));
        }

        // A row without an answer (failed, skipped, not sent: only the parquet format keeps those) is the conversation as sent.
        if (record.Answer is { Length: > 0 } answer)
        {
            turns.Add(new ChatTurn("assistant", answer));
        }

        var question = record.Conversation
            ? conversation.LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? string.Empty
            : record.Question;
        return new TrainingChat(turns, images, question);
    }

    /// <summary>
    /// A turn's text with one <c>&lt;image&gt;</c> mark per image before it, unless the text has its marks already: trainers
    /// match the marks to the row's images in order, and a dataset read from such a set has them in place.
    /// </summary>
    public static string MarkedText(ChatMessage message)
    {
        var images = message.Images;
        if (images == 0 || message.Content.Contains(ImageMark, StringComparison.Ordinal))
        {
            return message.Content;
        }

        return string.Concat(Enumerable.Repeat(ImageMark, images)) + message.Content;
    }
}
