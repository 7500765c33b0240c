namespace BatchAi.Daemon.Providers;

/// <summary>A complete answer: the text, the reasoning when the model sent one, and what the provider reported.</summary>
/// <param name="Origin">The endpoint that answered, set by the pool that chose it: with retries, the one whose attempt succeeded.</param>
/// <param name="FirstToken">How long the first token (answer or reasoning) took to arrive: what a queue at the provider shows in.</param>
internal sealed record ChatAnswer(string Answer, string? Reasoning, string? FinishReason, int? PromptTokens, int? CompletionTokens,
    AnswerOrigin? Origin = null, TimeSpan? FirstToken = null);
