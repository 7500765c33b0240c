namespace BatchAi.Daemon.Ledger;

/// <summary>A row as the ledger holds it, for <c>getRows</c>.</summary>
internal sealed record LedgerRow(
    long Index,
    RowState State,
    string Question,
    string? Answer,
    string? Reasoning,
    string? Error,
    string? FinishReason,
    int Attempts,
    int? PromptTokens,
    int? CompletionTokens);
