namespace BatchAi.Daemon.Ledger;

/// <summary>A generate job's requests summed over all its runs.</summary>
internal sealed record GenerationTotals(long Requests, long NextSeq, long Offered, long Duplicates, long NearDuplicates, long PromptTokens, long CompletionTokens)
{
    public static GenerationTotals None { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
