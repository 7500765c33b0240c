namespace BatchAi.Daemon.Ledger;

/// <summary>The final outcome of one row, stored in the same transaction that moves it to done or failed.</summary>
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
    long LatencyMs);
