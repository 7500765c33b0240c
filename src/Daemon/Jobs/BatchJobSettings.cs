using BatchAi.Daemon.Batching;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A batch job's <see cref="BatchOptions"/> with their defaults filled in.</summary>
internal sealed record BatchJobSettings(RequestFileLimits Limits, string CompletionWindow, TimeSpan FirstPoll)
{
    /// <summary>OpenAI's one completion window.</summary>
    public const string DefaultWindow = "24h";

    public static BatchJobSettings Of(BatchOptions? options) => new(
        new RequestFileLimits(options?.MaxLines ?? RequestFileLimits.DefaultMaxLines, options?.MaxBytes ?? RequestFileLimits.DefaultMaxBytes),
        options?.CompletionWindow ?? DefaultWindow,
        options?.PollSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : PollDelay.DefaultFirst);
}
