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

    /// <summary>The completion window as a time span: <c>24h</c>, <c>2d</c> (as validated by <see cref="BatchOptionsValidator"/>).</summary>
    public TimeSpan Window
    {
        get
        {
            var count = int.Parse(CompletionWindow.AsSpan(0, CompletionWindow.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
            return CompletionWindow.EndsWith('d') ? TimeSpan.FromDays(count) : TimeSpan.FromHours(count);
        }
    }
}
