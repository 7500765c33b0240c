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
}
