namespace BatchAi.Protocol.Jobs;

/// <summary>One row of a job as the ledger holds it now.</summary>
/// <param name="Row">The row's index in the input (0-based).</param>
/// <param name="State">One of <see cref="RowStates"/>: <c>pending</c>, <c>inFlight</c>, <c>done</c>, <c>failed</c>, <c>skipped</c> or <c>submitted</c>.</param>
/// <param name="Prompt">The prompt as sent: the question cleaned, or the template rendered.</param>
/// <param name="Answer">The answer, when the row is done.</param>
/// <param name="Reasoning">The model's reasoning, when it sent any.</param>
/// <param name="Error">Why the row failed or was skipped (for a retried row that then succeeded: null).</param>
/// <param name="FinishReason">The provider's finish reason (<c>stop</c>, <c>length</c>, ...).</param>
/// <param name="Attempts">Requests sent for this row so far.</param>
/// <param name="PromptTokens">Prompt tokens the provider reported.</param>
/// <param name="CompletionTokens">Completion tokens the provider reported.</param>
/// <param name="Model">The model that answered, for a done row (in a pool, the one its endpoint serves).</param>
/// <param name="Endpoint">The endpoint that answered, for a done row: its name, else its base URL's host and path (never a key).</param>
/// <param name="Batch">The provider's batch (<c>batch_...</c>) the row is in (submitted) or was answered by (done); null for a row answered online, and before its batch is created.</param>
/// <param name="Answers">For a row with several answers or a judge: every answer, with its model, sample and score; <paramref name="Answer"/> is then the first slot's.</param>
public sealed record JobRow(
    long Row,
    string State,
    string Prompt,
    string? Answer,
    string? Reasoning,
    string? Error,
    string? FinishReason,
    int Attempts,
    int? PromptTokens,
    int? CompletionTokens,
    string? Model = null,
    string? Endpoint = null,
    string? Batch = null,
    IReadOnlyList<RowAnswer>? Answers = null);
