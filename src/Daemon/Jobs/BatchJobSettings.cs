using BatchAi.Daemon.Batching;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A batch job's <see cref="BatchOptions"/> with their defaults filled in.</summary>
internal sealed record BatchJobSettings(RequestFileLimits Limits, string CompletionWindow, TimeSpan FirstPoll)
{
    public static BatchJobSettings Of(BatchOptions? options) => new(
        new RequestFileLimits(options?.MaxLines ?? RequestFileLimits.DefaultMaxLines, options?.MaxBytes ?? RequestFileLimits.DefaultMaxBytes),
        options?.CompletionWindow ?? BatchWindow.Default,
        options?.PollSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : PollDelay.DefaultFirst);

    /// <summary>The completion window as a time span (as validated by <see cref="BatchOptionsValidator"/>).</summary>
    public TimeSpan Window => BatchWindow.Parse(CompletionWindow, "batch.completionWindow");
}
