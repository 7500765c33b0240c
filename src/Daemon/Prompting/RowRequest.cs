namespace BatchAi.Daemon.Prompting;

/// <summary>The request a ledger row is sent as: its question, or the conversation it stores, and the job's settings.</summary>
internal static class RowRequest
{
    /// <param name="question">The row's <c>question</c>: the prompt, or with <paramref name="conversation"/> the stored conversation's JSON.</param>
    /// <param name="conversation">Whether the question holds a conversation (<see cref="ConversationJson"/>).</param>
    /// <param name="systemPrompt">The job's system prompt: sent before a conversation that brings no system message of its own.</param>
    public static ChatRequest Build(string question, bool conversation, string? systemPrompt, double? temperature, int? maxTokens)
    {
        if (!conversation)
        {
            return new ChatRequest(question, systemPrompt, temperature, maxTokens);
        }

        var messages = ConversationJson.Parse(question);
        if (!string.IsNullOrWhiteSpace(systemPrompt) && !messages.Any(m => m.Role == ChatRole.System))
        {
            messages = [new ChatMessage(ChatRole.System, systemPrompt), .. messages];
        }

        return new ChatRequest(messages, temperature, maxTokens);
    }
}
