namespace BatchAi.Daemon.Ledger;

/// <summary>A complete answer stored under its request fingerprint, reusable by any job that asks the same.</summary>
internal sealed record CachedResponse(string Answer, string? Reasoning, int? PromptTokens, int? CompletionTokens, string? FinishReason);
