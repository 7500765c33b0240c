namespace BatchAi.Daemon.Judging;

/// <summary>
/// What judging one answer came to: a verdict, or (after every re-ask) none and the judge's error, kept with the answer,
/// which stays unjudged. Either way the tokens of every judge request are spent.
/// </summary>
internal sealed record JudgeOutcome(Verdict? Verdict, string? Error, int? PromptTokens, int? CompletionTokens, int Reasks)
{
    public bool Judged => Verdict is not null;
}
