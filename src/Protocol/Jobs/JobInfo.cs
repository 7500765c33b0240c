namespace BatchAi.Protocol.Jobs;

/// <summary>A job as <c>getJob</c> and <c>listJobs</c> describe it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Input">Its input file.</param>
/// <param name="Output">Its output file.</param>
/// <param name="Format">Its output format.</param>
/// <param name="Model">The model asked.</param>
/// <param name="BaseUrl">The endpoint asked.</param>
/// <param name="Counts">Row counts and throughput.</param>
/// <param name="CreatedAt">When it was started (UTC).</param>
/// <param name="FinishedAt">When it completed, failed or was cancelled (UTC).</param>
/// <param name="LastError">The most recent job-level or row-level error, naming the row.</param>
/// <param name="Endpoints">Each endpoint's live statistics (requests, errors, 429s, concurrency limit, circuit) since the job last started running in this daemon; null before that.</param>
/// <param name="Cleaning">What cleaning did over the rows read so far: each rule's count of rows it changed, and the empty and duplicate rows skipped.</param>
/// <param name="Budget">The job's budget, if it has one; what it has spent is in <see cref="JobCounts.SpentTokens"/> and <see cref="JobCounts.Cost"/>.</param>
/// <param name="BudgetReached">The job has spent its budget: it paused (or stays paused) until <c>resumeJob</c> gives it a higher one.</param>
/// <param name="Kind">What the job does: <c>answer</c> (a <c>startJob</c> job; also when absent) or <c>generate</c> (a <c>generateQuestions</c> job, whose <c>input</c> is the seed prompt and whose counts are questions: <c>total</c> the count asked for, <c>done</c> those accepted).</param>
/// <param name="Outage">While the job is <c>providerUnavailable</c>: which endpoint failed last and how, since when, and when the next probe goes; null otherwise.</param>
/// <param name="Mode">How its rows are answered: <c>online</c> (also when absent), <c>batch</c>, <c>auto</c> or <c>offline</c> (<see cref="JobModes"/>).</param>
/// <param name="Batches">For a batch or auto job: each request file and its provider batch, in order.</param>
public sealed record JobInfo(
    string JobId,
    JobState State,
    string Input,
    string Output,
    string Format,
    string Model,
    string BaseUrl,
    JobCounts Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    IReadOnlyList<EndpointStatus>? Endpoints = null,
    Datasets.CleaningSummary? Cleaning = null,
    JobBudget? Budget = null,
    bool BudgetReached = false,
    string? Kind = null,
    ProviderOutage? Outage = null,
    string? Mode = null,
    IReadOnlyList<BatchStatus>? Batches = null);
