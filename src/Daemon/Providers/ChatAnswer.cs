namespace BatchAi.Daemon.Providers;

/// <summary>A complete answer: the text, the reasoning when the model sent one, and what the provider reported.</summary>
internal sealed record ChatAnswer(string Answer, string? Reasoning, string? FinishReason, int? PromptTokens, int? CompletionTokens);
