namespace BatchAi.Protocol.Jobs;

/// <summary>Payload of <c>job/rowCompleted</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Row">The row's 0-based index in the input.</param>
/// <param name="Succeeded">Whether the row has an answer (else <paramref name="Error"/> says why not).</param>
/// <param name="Answer">The answer.</param>
/// <param name="Error">Why the row failed.</param>
/// <param name="FinishReason">The provider's finish reason, e.g. <c>stop</c> or <c>length</c>.</param>
/// <param name="Attempts">Requests made for this row.</param>
/// <param name="PromptTokens">Prompt tokens reported.</param>
/// <param name="CompletionTokens">Completion tokens reported.</param>
/// <param name="Model">
/// The model that wrote the answer, as it was sent (e.g. <c>gpt-4o-mini</c>): in a pool of several models, the one whose
/// endpoint answered, after any retry that failed over. Absent for a failed row, and from a daemon older than this field.
/// </param>
/// <param name="Answers">For a row with several answers or a judge: every answer, with its score once judged.</param>
/// <param name="Reasks">For a job with a <c>responseFormat</c>: how many times this row's answer was asked again because it did not match the schema.</param>
public sealed record JobRowCompleted(
    string JobId,
    long Row,
    bool Succeeded,
    string? Answer,
    string? Error,
    string? FinishReason,
    int Attempts,
    int? PromptTokens,
    int? CompletionTokens,
    string? Model = null,
    int? Reasks = null,
    IReadOnlyList<RowAnswer>? Answers = null);
