namespace BatchAi.Protocol.Jobs;

/// <summary>A job's row counts and throughput, as in <c>getJob</c> and <c>job/progress</c>.</summary>
/// <param name="Total">Rows read from the input so far.</param>
/// <param name="TotalKnown">Whether the whole input has been read, so <paramref name="Total"/> is final.</param>
/// <param name="Done">Rows answered.</param>
/// <param name="Failed">Rows that failed after their last attempt.</param>
/// <param name="Skipped">Rows not sent: nothing to ask once cleaned, a duplicate of an earlier row, or (with <c>skipBadRows</c>) a row that cannot be read. Each is in the output with the reason.</param>
/// <param name="InFlight">Rows whose request is under way.</param>
/// <param name="Pending">Rows not sent yet.</param>
/// <param name="PromptTokens">Prompt tokens the provider reported, summed.</param>
/// <param name="CompletionTokens">Completion tokens the provider reported, summed.</param>
/// <param name="RowsPerSecond">Rows finished per second over the last few seconds.</param>
/// <param name="EtaSeconds">Seconds until the job is done at that rate; absent when unknown.</param>
/// <param name="Cached">Of the rows done, those answered from the response cache without a request.</param>
/// <param name="SpentTokens">Prompt plus completion tokens of the rows this job paid for: answered by a request, not from the response cache. A token budget counts these.</param>
/// <param name="Cost">
/// What <paramref name="SpentTokens"/> cost, priced from <c>prices.json</c>: each answer at the price of the model that wrote it, so a pool
/// of several models is charged exactly. Absent when the table lacks a price for one of the job's models, or prices them in more than one currency.
/// </param>
/// <param name="Currency">The currency of <paramref name="Cost"/>, as <c>prices.json</c> names it.</param>
/// <param name="Submitted">Rows in a provider's batch (a batch job), their answers not yet folded; not counted in <paramref name="Pending"/>.</param>
/// <param name="Reasks">
/// For a job with a <c>responseFormat</c>: answers that did not match the schema and were asked again, since the daemon loaded
/// the job (each re-ask is a request, counted in the spent tokens). Not kept over a restart: a row's <c>attempts</c> includes its re-asks.
/// </param>
/// <param name="ByBatch">Of the rows done, those answered by a provider batch (a batch or auto job), at batch prices.</param>
/// <param name="Answers">For a job with several answers per row: answers stored (each sample of each model counts).</param>
/// <param name="Judged">For a job with a judge: answers scored.</param>
/// <param name="ReaskFailed">Of the failed rows since the daemon loaded the job, those that never matched the schema after every re-ask.</param>
public sealed record JobCounts(
    long Total,
    bool TotalKnown,
    long Done,
    long Failed,
    long Skipped,
    long InFlight,
    long Pending,
    long PromptTokens,
    long CompletionTokens,
    double RowsPerSecond,
    double? EtaSeconds,
    long Cached = 0,
    long SpentTokens = 0,
    decimal? Cost = null,
    string? Currency = null,
    long Submitted = 0,
    long Reasks = 0,
    long ReaskFailed = 0,
    long ByBatch = 0,
    long Answers = 0,
    long Judged = 0);
