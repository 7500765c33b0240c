namespace BatchAi.Daemon.Ledger;

/// <summary>How many rows of a job are in each state, and the tokens their answers used.</summary>
internal sealed record RowCounts(long Pending, long InFlight, long Done, long Failed, long Skipped, long PromptTokens, long CompletionTokens, long Cached = 0)
{
    public long Total => Pending + InFlight + Done + Failed + Skipped;
}
