namespace BatchAi.Protocol.Jobs;

/// <summary>How a job's rows are answered (<see cref="StartJobParams.Mode"/>).</summary>
public static class JobModes
{
    /// <summary>Each row sent as a request, many in flight (the default).</summary>
    public const string Online = "online";

    /// <summary>
    /// Nothing is sent: the rows are read into the ledger (cached answers taken), then the job waits, paused, for a run elsewhere.
    /// <c>exportRequests</c> writes its pending rows as batch request files; <c>importResults</c> folds the run's output back.
    /// </summary>
    public const string Offline = "offline";

    /// <summary>
    /// The rows go through the provider's Batch API (<c>/v1/files</c> + <c>/v1/batches</c>: half price, a separate quota, answers
    /// within the completion window): written as request files, uploaded, one batch per file, polled, and folded back by
    /// <c>custom_id</c>. Every file and batch id is in the ledger before the daemon moves on, so a restart never uploads or
    /// batches a row twice. <see cref="JobInfo.Batches"/> shows each batch.
    /// </summary>
    public const string Batch = "batch";

    /// <summary>
    /// Online while the endpoints' learned limits have room, the rest by batch; everything by batch when
    /// <see cref="BatchOptions.Deadline"/> allows the completion window. <see cref="JobRow.Batch"/> and
    /// <see cref="JobCounts.ByBatch"/> say which rows went which way.
    /// </summary>
    public const string Auto = "auto";
}
