namespace BatchAi.Protocol.Jobs;

/// <summary>
/// The most a job may spend. Reaching either limit pauses the job (answers in flight land and are kept);
/// <c>resumeJob { jobId, budget }</c> with a higher limit lets it go on. Only what the job pays for counts:
/// rows answered from the response cache are free.
/// </summary>
/// <param name="MaxTokens">The most tokens (prompt plus completion, as the provider reports them) the job may use.</param>
/// <param name="MaxCost">
/// The most money the job may cost, priced from <c>prices.json</c> as <see cref="JobCounts.Cost"/> is, in its currency; every endpoint's model
/// must have a price there, all in one currency.
/// </param>
public sealed record JobBudget(long? MaxTokens = null, decimal? MaxCost = null);
