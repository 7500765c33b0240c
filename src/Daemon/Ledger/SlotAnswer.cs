namespace BatchAi.Daemon.Ledger;

/// <summary>
/// One answer of a row that has several (a job's samples and models) or is judged: a record of the <c>answers</c> table (schema
/// 12). <see cref="Slot"/> is its place in the row: models in the order given, each model's samples in turn.
/// </summary>
/// <param name="State"><see cref="RowState.Done"/> or <see cref="RowState.Failed"/> once stored; a slot with no record is pending.</param>
/// <param name="Fingerprint">The slot's request fingerprint (sample and model included); null when its request could not be built.</param>
/// <param name="Cached">Whether the answer came from the response cache without a request (its tokens were not paid again).</param>
/// <param name="Score">The judge's score, null until judged (task of the judge stage).</param>
internal sealed record SlotAnswer(
    string JobId,
    long Index,
    int Slot,
    string Model,
    int Sample,
    RowState State,
    string? Answer,
    string? Reasoning,
    int? PromptTokens,
    int? CompletionTokens,
    string? FinishReason,
    string? Error,
    string? Endpoint,
    string? Fingerprint,
    bool Cached,
    DateTimeOffset? FinishedAt,
    double? Score = null,
    string? ScoreReason = null,
    int? JudgePromptTokens = null,
    int? JudgeCompletionTokens = null,
    DateTimeOffset? JudgedAt = null)
{
    public bool IsDone => State == RowState.Done;
}
