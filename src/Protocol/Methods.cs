namespace BatchAi.Protocol;

/// <summary>
/// The JSON-RPC method names the daemon answers. Each takes one parameter object (or none), declared by <see cref="RpcParamsAttribute"/>,
/// and answers with the record <see cref="RpcResultAttribute"/> declares.
/// </summary>
public static class Methods
{
    /// <summary>Handshake: <see cref="InitializeParams"/> → <see cref="InitializeResult"/>.</summary>
    [RpcParams(typeof(InitializeParams)), RpcResult(typeof(InitializeResult))]
    public const string Initialize = "initialize";

    /// <summary>Starts a job: <see cref="Jobs.StartJobParams"/> → <see cref="Jobs.StartJobResult"/>.</summary>
    [RpcParams(typeof(Jobs.StartJobParams)), RpcResult(typeof(Jobs.StartJobResult))]
    public const string StartJob = "startJob";

    /// <summary>One job's state and counts: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    [RpcParams(typeof(Jobs.JobIdParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string GetJob = "getJob";

    /// <summary>Every job the daemon's ledger holds, newest first: → <see cref="Jobs.ListJobsResult"/>.</summary>
    [RpcResult(typeof(Jobs.ListJobsResult))]
    public const string ListJobs = "listJobs";

    /// <summary>Pauses a running job; rows in flight finish or go back to pending: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    [RpcParams(typeof(Jobs.JobIdParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string PauseJob = "pauseJob";

    /// <summary>Resumes a paused, interrupted or failed job, sending only rows that are not done: <see cref="Jobs.ResumeJobParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    [RpcParams(typeof(Jobs.ResumeJobParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string ResumeJob = "resumeJob";

    /// <summary>Cancels a job; its answers so far stay in the ledger and are exported: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    [RpcParams(typeof(Jobs.JobIdParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string CancelJob = "cancelJob";

    /// <summary>Asks for (or stops) <c>job/token</c> notifications of one job on this connection: <see cref="Jobs.SubscribeTokensParams"/>.</summary>
    [RpcParams(typeof(Jobs.SubscribeTokensParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string SubscribeTokens = "subscribeTokens";

    /// <summary>Writes a job's output again from the ledger: <see cref="Jobs.ExportJobParams"/> → <see cref="Jobs.ExportJobResult"/>.</summary>
    [RpcParams(typeof(Jobs.ExportJobParams)), RpcResult(typeof(Jobs.ExportJobResult))]
    public const string ExportJob = "exportJob";

    /// <summary>Empties the response cache (answers reused across jobs by request fingerprint): → <see cref="Jobs.ClearCacheResult"/>.</summary>
    [RpcResult(typeof(Jobs.ClearCacheResult))]
    public const string ClearCache = "clearCache";

    /// <summary>Sends a job's failed rows again (attempts kept) and rewrites its output at the end: <see cref="Jobs.ResumeJobParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    [RpcParams(typeof(Jobs.ResumeJobParams)), RpcResult(typeof(Jobs.JobInfo))]
    public const string RetryFailed = "retryFailed";

    /// <summary>Stores a named endpoint pool for <c>startJob { profile }</c>: <see cref="Jobs.SaveProfileParams"/> → <see cref="Jobs.SaveProfileParams"/> as stored.</summary>
    [RpcParams(typeof(Jobs.SaveProfileParams)), RpcResult(typeof(Jobs.SaveProfileParams))]
    public const string SaveProfile = "saveProfile";

    /// <summary>Every stored profile: → <see cref="Jobs.ListProfilesResult"/>.</summary>
    [RpcResult(typeof(Jobs.ListProfilesResult))]
    public const string ListProfiles = "listProfiles";

    /// <summary>Removes a profile: <see cref="Jobs.ProfileNameParams"/> → <see cref="Jobs.DeleteProfileResult"/>.</summary>
    [RpcParams(typeof(Jobs.ProfileNameParams)), RpcResult(typeof(Jobs.DeleteProfileResult))]
    public const string DeleteProfile = "deleteProfile";

    /// <summary>Reads a dataset without starting a job: detected format, encoding, delimiter, sheets, columns, a row count, and the leading rows raw and cleaned: <see cref="Datasets.PreviewDatasetParams"/> → <see cref="Datasets.PreviewDatasetResult"/>.</summary>
    [RpcParams(typeof(Datasets.PreviewDatasetParams)), RpcResult(typeof(Datasets.PreviewDatasetResult))]
    public const string PreviewDataset = "previewDataset";

    /// <summary>Rewrites a system or seed prompt to be clearer and more specific, for the user to accept or not: <see cref="Generation.OptimizePromptParams"/> → <see cref="Generation.OptimizePromptResult"/>.</summary>
    [RpcParams(typeof(Generation.OptimizePromptParams)), RpcResult(typeof(Generation.OptimizePromptResult))]
    public const string OptimizePrompt = "optimizePrompt";

    /// <summary>What a job would cost (tokens, price, time at the limits), before anything is spent or after a pilot of a few rows: <see cref="Jobs.EstimateJobParams"/> → <see cref="Jobs.EstimateJobResult"/>.</summary>
    [RpcParams(typeof(Jobs.EstimateJobParams)), RpcResult(typeof(Jobs.EstimateJobResult))]
    public const string EstimateJob = "estimateJob";

    /// <summary>Writes a question set from a seed prompt, as a job: <see cref="Generation.GenerateQuestionsParams"/> → <see cref="Jobs.StartJobResult"/>.</summary>
    [RpcParams(typeof(Generation.GenerateQuestionsParams)), RpcResult(typeof(Jobs.StartJobResult))]
    public const string GenerateQuestions = "generateQuestions";

    /// <summary>One page of a job's rows from the ledger, any state, while it runs or after: <see cref="Jobs.GetRowsParams"/> → <see cref="Jobs.GetRowsResult"/>.</summary>
    [RpcParams(typeof(Jobs.GetRowsParams)), RpcResult(typeof(Jobs.GetRowsResult))]
    public const string GetRows = "getRows";

    /// <summary>
    /// Writes a job's pending rows as OpenAI batch request files (JSONL, <c>custom_id</c> <c>JOBID:ROW</c>), for a runner of one's own
    /// (vLLM <c>run_batch</c>, Ray Data): <see cref="Jobs.ExportRequestsParams"/> → <see cref="Jobs.ExportRequestsResult"/>.
    /// </summary>
    [RpcParams(typeof(Jobs.ExportRequestsParams)), RpcResult(typeof(Jobs.ExportRequestsResult))]
    public const string ExportRequests = "exportRequests";

    /// <summary>
    /// Folds a batch run's output (or error) file into the job's rows by <c>custom_id</c>, each line checked, refused lines listed
    /// with the reason: <see cref="Jobs.ImportResultsParams"/> → <see cref="Jobs.ImportResultsResult"/>.
    /// </summary>
    [RpcParams(typeof(Jobs.ImportResultsParams)), RpcResult(typeof(Jobs.ImportResultsResult))]
    public const string ImportResults = "importResults";

    /// <summary>Stops the daemon: running jobs are checkpointed and marked interrupted.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Every method name, for contract tests.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Initialize, StartJob, GetJob, ListJobs, PauseJob, ResumeJob, CancelJob, SubscribeTokens, ExportJob, ClearCache, PreviewDataset, Shutdown, RetryFailed, SaveProfile, ListProfiles, DeleteProfile, OptimizePrompt, EstimateJob, GenerateQuestions, GetRows, ExportRequests, ImportResults];
}
