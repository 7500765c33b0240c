namespace BatchAi.Daemon.Batching;

/// <summary>How large one request file may be: OpenAI's Batch API takes at most 50,000 lines and 200 MB a file.</summary>
internal sealed record RequestFileLimits(int MaxLines = RequestFileLimits.DefaultMaxLines, long MaxBytes = RequestFileLimits.DefaultMaxBytes)
{
    public const int DefaultMaxLines = 50_000;
    public const long DefaultMaxBytes = 200L * 1000 * 1000;
}
