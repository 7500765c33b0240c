using BatchAi.Daemon.Prompting;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// What a job's judge would add to an estimate: one request per answer, whose prompt is the judge's instructions and markers,
/// the question as sent and the answer, and whose completion is a short verdict (<see cref="AssumedVerdictTokens"/>). A
/// reference answer's tokens are not counted (it is read from the input only when the row is judged).
/// </summary>
internal static class JudgeEstimate
{
    /// <summary>A score and one sentence of reason, as JSON.</summary>
    public const int AssumedVerdictTokens = 60;

    /// <param name="prompts">The prompt tokens of every row's request, summed (each row counted once).</param>
    /// <param name="perAnswer">The completion tokens of one answer.</param>
    /// <param name="rows">The rows to send.</param>
    /// <param name="answersPerRow">Each row's answers (its slots), each judged.</param>
    public static (long Prompt, long Completion, long Requests) Of(JudgeOptions judge, long prompts, long perAnswer, long rows, int answersPerRow)
    {
        var requests = rows * answersPerRow;
        // The instructions and markers once per request: the judge's request with nothing to judge.
        var framing = PromptTokens.Of(JobJudge.ToJudge(judge).Request([], string.Empty, judge.ReferenceColumn is null ? null : string.Empty));
        return ((requests * (framing + perAnswer)) + (prompts * answersPerRow), requests * AssumedVerdictTokens, requests);
    }

    /// <summary>The answers' cost and the judge's, together (a missing price on either side leaves no total).</summary>
    public static EstimateCost? Add(EstimateCost? answers, EstimateCost? judge) => answers is null || judge is null || answers.Currency != judge.Currency
        ? null
        : new EstimateCost(answers.Currency, $"{answers.Model}; judge {judge.Model}", answers.Input + judge.Input, answers.Output + judge.Output, answers.Total + judge.Total,
            answers.Low is null && judge.Low is null ? null : (answers.Low ?? answers.Total) + (judge.Low ?? judge.Total),
            answers.High is null && judge.High is null ? null : (answers.High ?? answers.Total) + (judge.High ?? judge.Total));
}
