namespace BatchAi.Daemon.Prompting;

/// <summary>One question as sent to a provider.</summary>
internal sealed record ChatRequest(string Question, string? SystemPrompt, double? Temperature, int? MaxTokens);
