namespace BatchAi.Protocol;

/// <summary>The JSON-RPC method names the daemon answers. Each takes one parameter object (or none).</summary>
public static class Methods
{
    /// <summary>Handshake: <see cref="InitializeParams"/> → <see cref="InitializeResult"/>.</summary>
    public const string Initialize = "initialize";

    /// <summary>Starts a job: <see cref="Jobs.StartJobParams"/> → <see cref="Jobs.StartJobResult"/>.</summary>
    public const string StartJob = "startJob";

    /// <summary>One job's state and counts: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    public const string GetJob = "getJob";

    /// <summary>Every job the daemon's ledger holds, newest first: → <see cref="Jobs.ListJobsResult"/>.</summary>
    public const string ListJobs = "listJobs";

    /// <summary>Pauses a running job; rows in flight finish or go back to pending: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    public const string PauseJob = "pauseJob";

    /// <summary>Resumes a paused, interrupted or failed job, sending only rows that are not done: <see cref="Jobs.ResumeJobParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    public const string ResumeJob = "resumeJob";

    /// <summary>Cancels a job; its answers so far stay in the ledger and are exported: <see cref="Jobs.JobIdParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    public const string CancelJob = "cancelJob";

    /// <summary>Asks for (or stops) <c>job/token</c> notifications of one job on this connection: <see cref="Jobs.SubscribeTokensParams"/>.</summary>
    public const string SubscribeTokens = "subscribeTokens";

    /// <summary>Writes a job's output again from the ledger: <see cref="Jobs.ExportJobParams"/> → <see cref="Jobs.ExportJobResult"/>.</summary>
    public const string ExportJob = "exportJob";

    /// <summary>Empties the response cache (answers reused across jobs by request fingerprint): → <see cref="Jobs.ClearCacheResult"/>.</summary>
    public const string ClearCache = "clearCache";

    /// <summary>Sends a job's failed rows again (attempts kept) and rewrites its output at the end: <see cref="Jobs.ResumeJobParams"/> → <see cref="Jobs.JobInfo"/>.</summary>
    public const string RetryFailed = "retryFailed";

    /// <summary>Stores a named endpoint pool for <c>startJob { profile }</c>: <see cref="Jobs.SaveProfileParams"/> → <see cref="Jobs.SaveProfileParams"/> as stored.</summary>
    public const string SaveProfile = "saveProfile";

    /// <summary>Every stored profile: → <see cref="Jobs.ListProfilesResult"/>.</summary>
    public const string ListProfiles = "listProfiles";

    /// <summary>Removes a profile: <see cref="Jobs.ProfileNameParams"/> → <see cref="Jobs.DeleteProfileResult"/>.</summary>
    public const string DeleteProfile = "deleteProfile";

    /// <summary>Reads a dataset without starting a job: detected format, encoding, delimiter, sheets, columns, a row count, and the leading rows raw and cleaned: <see cref="Datasets.PreviewDatasetParams"/> → <see cref="Datasets.PreviewDatasetResult"/>.</summary>
    public const string PreviewDataset = "previewDataset";

    /// <summary>Rewrites a system or seed prompt to be clearer and more specific, for the user to accept or not: <see cref="Generation.OptimizePromptParams"/> → <see cref="Generation.OptimizePromptResult"/>.</summary>
    public const string OptimizePrompt = "optimizePrompt";

    /// <summary>What a job would cost (tokens, price, time at the limits), before anything is spent or after a pilot of a few rows: <see cref="Jobs.EstimateJobParams"/> → <see cref="Jobs.EstimateJobResult"/>.</summary>
    public const string EstimateJob = "estimateJob";

    /// <summary>Writes a question set from a seed prompt, as a job: <see cref="Generation.GenerateQuestionsParams"/> → <see cref="Jobs.StartJobResult"/>.</summary>
    public const string GenerateQuestions = "generateQuestions";

    /// <summary>One page of a job's rows from the ledger, any state, while it runs or after: <see cref="Jobs.GetRowsParams"/> → <see cref="Jobs.GetRowsResult"/>.</summary>
    public const string GetRows = "getRows";

    /// <summary>Stops the daemon: running jobs are checkpointed and marked interrupted.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Every method name, for contract tests.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Initialize, StartJob, GetJob, ListJobs, PauseJob, ResumeJob, CancelJob, SubscribeTokens, ExportJob, ClearCache, PreviewDataset, Shutdown, RetryFailed, SaveProfile, ListProfiles, DeleteProfile, OptimizePrompt, EstimateJob, GenerateQuestions, GetRows];
}
