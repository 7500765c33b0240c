namespace BatchAi.Daemon.Ledger;

/// <summary>
/// How many rows of a job are in each state, and the tokens their answers used; the spent tokens are those of rows
/// answered by a request (not from the response cache): what the job paid for, in total and, when asked, by the model that
/// answered (else all of it under no model), each model's split by whether a provider batch answered it. <see cref="ByBatch"/>:
/// the rows done by a provider batch. <see cref="Answers"/>: for a job of several answers per row, the answers stored;
/// <see cref="Judged"/>: of those, the ones a judge scored.
/// </summary>
internal sealed record RowCounts(long Pending, long InFlight, long Done, long Failed, long Skipped, long PromptTokens, long CompletionTokens, long Cached = 0,
    long SpentPromptTokens = 0, long SpentCompletionTokens = 0, IReadOnlyList<ModelSpend>? SpentByModel = null, long Submitted = 0, long ByBatch = 0,
    long Answers = 0, long Judged = 0)
{
    public long Total => Pending + InFlight + Done + Failed + Skipped + Submitted;
}
