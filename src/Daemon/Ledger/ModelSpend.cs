namespace BatchAi.Daemon.Ledger;

/// <summary>
/// The tokens a job paid for that one model answered. <see cref="Model"/> is null for rows the ledger cannot attribute:
/// answered before schema 8 recorded the model, or by a provider that did not say. <see cref="ByBatch"/>: answered by a
/// provider batch (the row's <c>batch</c> is set), so charged at the model's batch price.
/// </summary>
internal readonly record struct ModelSpend(string? Model, long PromptTokens, long CompletionTokens, bool ByBatch = false);
