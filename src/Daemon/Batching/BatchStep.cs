using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Batching;

/// <summary>What a batch job does next with one of its files, from what the ledger says of it: the recovery after any crash.</summary>
internal enum BatchStep
{
    /// <summary>Nothing: folded, or failed (its rows went back to pending or failed).</summary>
    None,

    /// <summary>Written and recorded, its file on disk: upload it (adopting an upload that reached the provider before a crash).</summary>
    Upload,

    /// <summary>Recorded, but its file is gone from disk: its rows go back to pending, to be written again in a new file.</summary>
    Rewrite,

    /// <summary>Uploaded, no batch recorded: create one (adopting a batch of this file that the provider made before a crash).</summary>
    Create,

    /// <summary>A batch at the provider, not ended when last seen: poll it.</summary>
    Poll,

    /// <summary>The batch ended at the provider: fold its output and error files, then mark it folded.</summary>
    Fold,
}

/// <summary>The states a batch job's file passes in the ledger (<c>batch_files.state</c>), and the step each calls for.</summary>
internal static class BatchPhase
{
    public const string Written = BatchLedger.Written;
    public const string Uploaded = BatchLedger.Uploaded;
    public const string Created = BatchLedger.Created;
    public const string Validating = "validating";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Cancelling = "cancelling";
    public const string Ended = "ended";
    public const string Folded = BatchLedger.Folded;
    public const string Failed = BatchLedger.Failed;

    public static BatchStep Next(BatchFileRecord file, bool fileOnDisk) => file.State switch
    {
        Written => fileOnDisk ? BatchStep.Upload : BatchStep.Rewrite,
        Uploaded => BatchStep.Create,
        Created or Validating or InProgress or Finalizing or Cancelling => BatchStep.Poll,
        Ended => BatchStep.Fold,
        _ => BatchStep.None,
    };

    /// <summary>The ledger's state for a provider's batch status: its own while it runs, <c>ended</c> once it has result files to fold.</summary>
    public static string FromProvider(string status) => status switch
    {
        "validating" => Validating,
        "in_progress" => InProgress,
        "finalizing" => Finalizing,
        "cancelling" => Cancelling,
        "failed" => Failed,
        "completed" or "expired" or "cancelled" => Ended,
        _ => InProgress,
    };

    /// <summary>Whether the file's batch is at the provider and not folded yet: answers paid for that a paused job still collects.</summary>
    public static bool AtProvider(BatchFileRecord file) => Next(file, fileOnDisk: true) is BatchStep.Poll or BatchStep.Fold;
}
