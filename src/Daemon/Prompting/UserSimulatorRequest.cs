namespace BatchAi.Daemon.Prompting;

/// <summary>
/// The request that asks a model to play the user of a conversation and write its next message (a multi-turn job's
/// <c>turns</c>). The model sees the conversation from the user's side: the user's turns as its own (assistant) and the
/// assistant's as the other party's (user), so the request ends with a user message, as every provider accepts; ending
/// with an assistant message would be read as a prefill to continue by several (Anthropic, DeepSeek). The conversation's
/// own system message is the assistant's instructions, not the user's, so it is left out for the simulator's own.
/// </summary>
internal static class UserSimulatorRequest
{
    /// <summary>
    /// The built-in system prompt. Its first sentence is what our simulator (<c>src/Simulator</c>) recognises to play the
    /// user deterministically; a test keeps the two the same.
    /// </summary>
    public const string DefaultSystemPrompt =
        "You are the user in the conversation below, talking with an AI assistant: your own earlier messages are shown as yours, "
        + "and the assistant's replies as the other side's. Write your next message to the assistant, a natural follow-up to its "
        + "last reply, in the language the conversation is in. Reply with that message only: no preamble, no quotes, no explanation.";

    /// <summary>Images are not sent to the simulator (an assistant message may not carry one); each is this mark in its turn's text.</summary>
    public const string ImageMark = "[image]";

    /// <param name="conversation">The conversation so far, ending with an assistant turn.</param>
    /// <param name="systemPrompt">The user simulator's system prompt; <see cref="DefaultSystemPrompt"/> when blank.</param>
    public static ChatRequest Build(IReadOnlyList<ChatMessage> conversation, string? systemPrompt, double? temperature, int? maxTokens)
    {
        var messages = new List<ChatMessage>(conversation.Count + 1)
        {
            new(ChatRole.System, string.IsNullOrWhiteSpace(systemPrompt) ? DefaultSystemPrompt : systemPrompt),
        };
        foreach (var message in conversation)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            var text = message.Images == 0 ? message.Content : string.Concat(Enumerable.Repeat(ImageMark + " ", message.Images)) + message.Content;
            messages.Add(new ChatMessage(message.Role == ChatRole.User ? ChatRole.Assistant : ChatRole.User, text));
        }

        return new ChatRequest(messages, temperature, maxTokens);
    }
}
