namespace BatchAi.Daemon.Export;

/// <summary>One row of a job's result as read back from the ledger, in input order.</summary>
/// <param name="Model">The model that wrote the answer, as it was sent; null for a row without an answer, or one the ledger cannot attribute.</param>
/// <param name="State">The row's state in the ledger; the formats that write every row read <paramref name="Error"/> instead.</param>
/// <param name="Answers">The row's answers by slot, for a job with several per row or a judge (schema 12's <c>answers</c>); null otherwise.</param>
/// <param name="Conversation">Whether <paramref name="Question"/> holds the conversation (OpenAI messages JSON, images by reference) that was answered.</param>
internal sealed record ExportRecord(
    long Index,
    string Question,
    string? Answer,
    string? Reasoning,
    string? Error,
    string? FinishReason,
    int? PromptTokens,
    int? CompletionTokens,
    int Attempts,
    IReadOnlyList<KeyValuePair<string, string?>>? Columns,
    string? Model = null,
    ExportRowState State = ExportRowState.Answered,
    bool Conversation = false,
    IReadOnlyList<ExportAnswer>? Answers = null);
