using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A request's prompt tokens as OpenAI's chat format counts them for its o200k models: each message's content, 3 tokens of
/// framing per message, and 3 that prime the reply. The simulator reports its usage by the same rule.
/// </summary>
internal static class PromptTokens
{
    private const int PerMessage = 3;
    private const int ReplyPriming = 3;

    public static long Of(string? systemPrompt, string question)
    {
        var tokens = TokenEstimator.Count(question) + PerMessage + ReplyPriming;
        return string.IsNullOrWhiteSpace(systemPrompt) ? tokens : tokens + TokenEstimator.Count(systemPrompt) + PerMessage;
    }

    /// <summary>A conversation's tokens: each message's text and framing, and <see cref="TokenEstimator.PerImage"/> per image part.</summary>
    public static long Of(Prompting.ChatRequest request) =>
        request.Messages.Sum(m => (long)TokenEstimator.Count(m.Content) + PerMessage + ((long)m.Images * TokenEstimator.PerImage)) + ReplyPriming;
}
