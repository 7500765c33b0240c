namespace BatchAi.Daemon.Batching;

/// <summary>One of a failed batch's errors: OpenAI's code (<c>token_limit_exceeded</c>, <c>invalid_json_line</c>, ...), message and line.</summary>
internal sealed record BatchFault(string? Code, string Message, int? Line)
{
    /// <summary>
    /// Codes that pass with time: the enqueued-token quota is full now (OpenAI's <c>token_limit_exceeded</c>), or the provider
    /// was busy. The same file succeeds later; every other code is the file's own fault and fails again.
    /// </summary>
    private static readonly string[] PassingCodes = ["token_limit_exceeded", "rate_limit_exceeded", "server_error"];

    public bool Passes => Code is not null && PassingCodes.Contains(Code);

    public override string ToString() => $"{(Code is null ? "" : Code + ": ")}{Message}{(Line is { } line ? $" (line {line})" : "")}";
}
