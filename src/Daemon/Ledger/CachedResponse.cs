namespace BatchAi.Daemon.Ledger;

/// <summary>A complete answer stored under its request fingerprint, reusable by any job that asks the same.</summary>
/// <param name="Model">The model that answered it; null when the ledger cannot say (a pool's answer stored before schema 8).</param>
/// <param name="Endpoint">The endpoint that answered it, as <see cref="RowResult.Endpoint"/>; null with <paramref name="Model"/>.</param>
internal sealed record CachedResponse(string Answer, string? Reasoning, int? PromptTokens, int? CompletionTokens, string? FinishReason,
    string? Model = null, string? Endpoint = null);
