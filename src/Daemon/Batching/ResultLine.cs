namespace BatchAi.Daemon.Batching;

/// <summary>One line of a batch output or error file, read into what a row stores.</summary>
/// <param name="Error">For a line not answered, the provider's message (redacted of anything key-like) or why the line cannot be read.</param>
internal sealed record ResultLine(
    string? CustomId,
    ResultKind Kind,
    string? Answer = null,
    string? Reasoning = null,
    int? PromptTokens = null,
    int? CompletionTokens = null,
    string? FinishReason = null,
    string? Model = null,
    string? Error = null);
