namespace BatchAi.Daemon.Export;

/// <summary>Decides whether a row is fit to train on: only a complete answer is; anything else is listed apart with the reason.</summary>
internal static class TrainingRow
{
    /// <summary>Why the row is left out of a training file, or null when it belongs in it.</summary>
    public static string? ExclusionReason(ExportRecord record) => record switch
    {
        { Error: { } error } => $"failed: {error}",
        { Answer: null or "" } => "no answer",
        { FinishReason: "length" } => "truncated: the answer hit max_tokens (finish_reason length)",
        { FinishReason: "content_filter" } => "filtered by the provider (finish_reason content_filter)",
        _ => null,
    };
}
