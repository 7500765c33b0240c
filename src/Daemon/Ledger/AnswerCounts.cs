namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A job's stored answers (its rows' slots): how many are done, the tokens all of them used, and what the job paid for (answers
/// asked, not taken from the cache) by the model that answered, which is how a job of several models is priced. A judged job's
/// answers scored, and the judge's tokens (stored only for verdicts asked, so all of them were paid for).
/// </summary>
internal sealed record AnswerCounts(long Done, long PromptTokens, long CompletionTokens, IReadOnlyList<ModelSpend> SpentByModel,
    long Judged = 0, long JudgePromptTokens = 0, long JudgeCompletionTokens = 0)
{
    public long SpentPromptTokens => SpentByModel.Sum(s => s.PromptTokens);

    public long SpentCompletionTokens => SpentByModel.Sum(s => s.CompletionTokens);
}
