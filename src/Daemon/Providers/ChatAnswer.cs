namespace BatchAi.Daemon.Providers;

/// <summary>A complete answer: the text, the reasoning when the model sent one, and what the provider reported.</summary>
/// <param name="Origin">The endpoint that answered, set by the pool that chose it: with retries, the one whose attempt succeeded.</param>
internal sealed record ChatAnswer(string Answer, string? Reasoning, string? FinishReason, int? PromptTokens, int? CompletionTokens,
    AnswerOrigin? Origin = null);
