namespace BatchAi.Daemon.Export;

/// <summary>One row of a job's result as read back from the ledger, in input order.</summary>
/// <param name="Model">The model that wrote the answer, as it was sent; null for a row without an answer, or one the ledger cannot attribute.</param>
/// <param name="State">The row's state in the ledger; the formats that write every row read <paramref name="Error"/> instead.</param>
/// <param name="Answers">A row of a job with several answers per row: every slot's, in slot order (<paramref name="Answer"/> is slot 0's,
/// or the first answered one's); null for a plain job.</param>
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
    IReadOnlyList<ExportAnswer>? Answers = null)
{
    /// <summary>
    /// The training examples this row makes: one per answered slot for a row of several answers (each with its slot's answer, tokens
    /// and model, and the slot itself as <see cref="Example"/>, whose score a judge's minimum reads), else the row itself. A row none of
    /// whose slots is answered stays one record, with its error.
    /// </summary>
    public IEnumerable<ExportRecord> Examples()
    {
        if (Answers is null || !Answers.Any(a => a.Answered))
        {
            return [this];
        }

        return Answers.Where(a => a.Answered).Select(a => this with
        {
            Answer = a.Answer,
            Reasoning = a.Reasoning,
            FinishReason = a.FinishReason,
            PromptTokens = a.PromptTokens,
            CompletionTokens = a.CompletionTokens,
            Model = a.Model,
            Error = null,
            State = ExportRowState.Answered,
            Answers = null,
            Example = a,
        });
    }

    /// <summary>The slot an example of <see cref="Examples"/> is; null for a row as stored.</summary>
    public ExportAnswer? Example { get; init; }
}
