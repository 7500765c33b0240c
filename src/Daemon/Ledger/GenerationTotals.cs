namespace BatchAi.Daemon.Ledger;

/// <summary>A generate job's requests summed over all its runs.</summary>
/// <param name="FruitlessInRow">
/// The replies, last first, that brought no new question, up to the first that did: the job's stopping rule counts them over
/// its runs, so a job paused or interrupted after some does not start counting again from none. Failed requests are not replies.
/// </param>
internal sealed record GenerationTotals(long Requests, long NextSeq, long Offered, long Duplicates, long NearDuplicates, long PromptTokens, long CompletionTokens,
    int FruitlessInRow = 0)
{
    public static GenerationTotals None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
