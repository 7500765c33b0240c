namespace BatchAi.Daemon.Ledger;

/// <summary>The final outcome of one row, stored in the same transaction that moves it to done or failed.</summary>
/// <param name="Model">The model that answered, as it was sent (e.g. <c>gpt-4o-mini</c>); null for a row without an answer.</param>
/// <param name="Endpoint">The endpoint that answered: its name, or its base URL's host and path; never a key.</param>
/// <param name="Cached">Whether the answer came from the response cache without a request (a multi-turn row all of whose turns did).</param>
internal sealed record RowResult(
    string JobId,
    long Index,
    RowState State,
    int Attempts,
    string? Answer,
    string? Reasoning,
    int? PromptTokens,
    int? CompletionTokens,
    string? FinishReason,
    string? Error,
    DateTimeOffset FinishedAt,
    long LatencyMs,
    string? Model = null,
    string? Endpoint = null,
    bool Cached = false);
