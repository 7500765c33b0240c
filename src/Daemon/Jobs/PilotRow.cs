namespace BatchAi.Daemon.Jobs;

/// <summary>One pilot row: its prompt as o200k counts it, the usage the provider reported, and whether it was sent or came from the cache.</summary>
internal sealed record PilotRow(long CountedPromptTokens, long? PromptTokens, long? CompletionTokens, bool Sent, string? Error = null);
