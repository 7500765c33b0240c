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
public sealed record JobRowCompleted(
    string JobId,
    long Row,
    bool Succeeded,
    string? Answer,
    string? Error,
    string? FinishReason,
    int Attempts,
    int? PromptTokens,
    int? CompletionTokens);
