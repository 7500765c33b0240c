namespace BatchAi.Daemon.Jobs;

/// <summary>
/// One pilot row: its prompt as o200k counts it, the usage the provider reported, whether it was sent or came from the cache,
/// and the model that answered it (its price is the one its tokens cost); with a schema, the re-asks it took when sent.
/// </summary>
internal sealed record PilotRow(long CountedPromptTokens, long? PromptTokens, long? CompletionTokens, bool Sent, string? Error = null, string? Model = null,
    int? Reasks = null);
