namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>estimateJob</c>: what a job would cost before anything is spent.</summary>
/// <param name="Rows">Data rows in the input.</param>
/// <param name="RowsToSend">Rows that would be sent (the others are skipped: empty, duplicate or unreadable).</param>
/// <param name="PromptTokens">Prompt tokens of every rendered request (system prompt and question), counted with a real tokenizer.</param>
/// <param name="CompletionTokens">Expected answer tokens.</param>
/// <param name="CompletionBasis">Where <paramref name="CompletionTokens"/> comes from, e.g. <c>maxTokens</c> (an upper bound) or an assumed length.</param>
/// <param name="Tokenizer">The tokenizer used, e.g. <c>o200k_base</c>, or <c>estimate</c> (4 characters a token) when none is available.</param>
/// <param name="Cost">The cost from the price table, when it has the model; else null.</param>
/// <param name="Seconds">The time at the endpoints' configured rate limits, when there are any; else null.</param>
/// <param name="Note">What the figures do not cover, e.g. "no price for model X in prices.json".</param>
/// <param name="BatchCost">What the same rows would cost through the provider's Batch API (the table's batch price, else half the online price); null without a price.</param>
/// <param name="BatchSeconds">How long batch mode is likely to take: the provider's completion window at most, less when earlier batches of this endpoint finished sooner.</param>
/// <param name="Requests">Requests the job is expected to send: answers (rows × models × samples, or fewer with the provider's <c>n</c>), re-asks at the pilot's rate, and judge calls.</param>
/// <param name="JudgeRequests">Of <paramref name="Requests"/>, the judge's calls (one per answer); their tokens and cost are in the figures above.</param>
/// <param name="Pilot">With <c>pilot</c>: what the pilot rows measured and what they cost. The figures above are for the whole job, pilot rows included (the job takes their answers from the cache).</param>
public sealed record EstimateJobResult(
    long Rows,
    long RowsToSend,
    long PromptTokens,
    long CompletionTokens,
    string CompletionBasis,
    string Tokenizer,
    EstimateCost? Cost,
    double? Seconds,
    string? Note,
    EstimatePilot? Pilot = null,
    EstimateCost? BatchCost = null,
    double? BatchSeconds = null,
    long? Requests = null,
    long? JudgeRequests = null);
