namespace BatchAi.Simulator.Http;

/// <summary>Token counts for a completion; <see cref="CompletionTokens"/> includes <see cref="ReasoningTokens"/>, as OpenAI's does.</summary>
internal readonly record struct TokenUsage(int PromptTokens, int CompletionTokens, int ReasoningTokens);
