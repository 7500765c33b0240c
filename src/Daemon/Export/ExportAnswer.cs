namespace BatchAi.Daemon.Export;

/// <summary>One of a row's several answers (a job's samples and models) or of a judged row, as the exports write it.</summary>
/// <param name="Slot">Its place in the row, from 0: models in the order given, each model's samples in turn.</param>
/// <param name="Answered">Whether it is an answer (done); else <paramref name="Error"/> says why not (a structured answer that never
/// matched its schema keeps its last <paramref name="Answer"/> for inspection).</param>
/// <param name="Score">The judge's score; null when not judged (yet, or the judge gave up: then <paramref name="ScoreReason"/> says why).</param>
internal sealed record ExportAnswer(
    int Slot,
    string Model,
    int Sample,
    bool Answered,
    string? Answer,
    string? Reasoning,
    string? FinishReason,
    int? PromptTokens,
    int? CompletionTokens,
    string? Error,
    double? Score = null,
    string? ScoreReason = null)
{
    /// <summary>Whether the answer is complete: answered, and not cut by max_tokens or a filter (what a training file takes).</summary>
    public bool IsComplete => Answered && !string.IsNullOrEmpty(Answer) && FinishReason is not ("length" or "content_filter");
}
