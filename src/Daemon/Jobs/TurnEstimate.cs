using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// An estimate of a multi-turn job from its one-turn figures: a rough model, said so in the estimate's basis. Each assistant
/// turn's prompt is the conversation so far (the first prompt, then each earlier answer and simulated user message); each
/// user-simulator request's prompt is its system prompt and the same conversation; answers are as long as one turn's, and
/// a simulated user message is assumed <see cref="AssumedUserMessageTokens"/> long. All is priced at the job's models.
/// </summary>
internal static class TurnEstimate
{
    public const int AssumedUserMessageTokens = 50;

    /// <param name="firstPrompts">The prompt tokens of every row's first turn, summed.</param>
    /// <param name="answers">The completion tokens of every row's first answer, summed.</param>
    /// <param name="rows">The rows to send.</param>
    /// <returns>The tokens over all turns, and the requests (assistant and user-simulator turns).</returns>
    public static (long Prompt, long Completion, long Requests) Of(JobSpec spec, long firstPrompts, long answers, long rows)
    {
        long n = spec.Turns;
        if (n <= 1 || rows == 0)
        {
            return (firstPrompts, answers, rows);
        }

        var a = answers / rows;
        const long u = AssumedUserMessageTokens;
        var s = PromptTokens.Of(null, spec.UserSimulator?.SystemPrompt ?? UserSimulatorRequest.DefaultSystemPrompt);
        // Assistant turn k (1..n) re-reads the first prompt and k-1 answer/user pairs; user turn k (1..n-1) its system prompt,
        // the first prompt, k answers and k-1 user messages.
        var perRow = ((a + u) * n * (n - 1) / 2) + ((n - 1) * s) + (a * n * (n - 1) / 2) + (u * (n - 1) * (n - 2) / 2);
        return ((firstPrompts * ((2 * n) - 1)) + (rows * perRow), (answers * n) + (rows * (n - 1) * u), rows * ((2 * n) - 1));
    }
}
