namespace BatchAi.Daemon.Export;

/// <summary>
/// One answer of a row that has several (samples, models) or is judged, as the exports read it: its place, its text and the
/// judge's verdict. <see cref="ExportRecord"/>'s own answer fields are slot 0's.
/// </summary>
/// <param name="Error">Why the answer failed; null once answered.</param>
/// <param name="Score">The judge's score; null when not judged (yet, or the judge gave up: then <paramref name="ScoreReason"/> says why).</param>
internal sealed record ExportAnswer(int Slot, string Model, int Sample, string? Answer, string? FinishReason, string? Error, double? Score, string? ScoreReason)
{
    /// <summary>Whether the answer is complete: answered, and not cut by max_tokens or a filter (what a training file takes).</summary>
    public bool IsComplete => Error is null && !string.IsNullOrEmpty(Answer) && FinishReason is not ("length" or "content_filter");
}
