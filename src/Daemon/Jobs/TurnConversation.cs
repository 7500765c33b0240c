using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Jobs;

/// <summary>A multi-turn row's conversation as it grows: its messages and, beside each, the model that wrote it (assistant turns asked here).</summary>
internal sealed class TurnConversation
{
    private readonly List<ChatMessage> _messages;
    private readonly List<string?> _models;

    private TurnConversation(List<ChatMessage> messages, List<string?> models)
    {
        _messages = messages;
        _models = models;
    }

    public IReadOnlyList<ChatMessage> Messages => _messages;

    /// <summary>Whether the assistant speaks next (else the user simulator does).</summary>
    public bool EndsWithUser => _messages.LastOrDefault(m => m.Role != ChatRole.System)?.Role == ChatRole.User;

    /// <summary>The row's conversation: a plain question is its first user turn; a stored one is read with its models.</summary>
    public static TurnConversation Of(WorkRow row)
    {
        if (!row.Conversation)
        {
            return new TurnConversation([new ChatMessage(ChatRole.User, row.Question)], [null]);
        }

        var messages = ConversationJson.Parse(row.Question).ToList();
        var models = ConversationJson.Models(row.Question).ToList();
        models.AddRange(Enumerable.Repeat<string?>(null, Math.Max(0, messages.Count - models.Count)));
        return new TurnConversation(messages, models);
    }

    public void Add(ChatMessage message, string? model)
    {
        _messages.Add(message);
        _models.Add(model);
    }

    /// <summary>As the ledger stores it: OpenAI messages, each assistant turn asked here with its <c>model</c>.</summary>
    public string Json() => ConversationJson.Write(_messages, _models);
}
