namespace BatchAi.Protocol.Jobs;

/// <summary>The states of a batch job's request file and its batch (<see cref="BatchStatus.State"/>), in the order they pass.</summary>
public static class BatchStates
{
    /// <summary>The request file is written; its rows are <c>submitted</c>.</summary>
    public const string Written = "written";

    /// <summary>The file is uploaded (<see cref="BatchStatus.FileId"/>); no batch yet.</summary>
    public const string Uploaded = "uploaded";

    /// <summary>The provider checks the file.</summary>
    public const string Validating = "validating";

    /// <summary>The provider answers the lines.</summary>
    public const string InProgress = "in_progress";

    /// <summary>The provider writes the output and error files.</summary>
    public const string Finalizing = "finalizing";

    /// <summary>Finished at the provider (completed, expired or cancelled there); its output not yet folded.</summary>
    public const string Ended = "ended";

    /// <summary>Cancel asked of the provider; the lines it answered meanwhile are kept.</summary>
    public const string Cancelling = "cancelling";

    /// <summary>Every line folded into its row; lines that failed for a passing reason or expired went back to pending.</summary>
    public const string Folded = "folded";

    /// <summary>The provider refused the batch (e.g. validation); its rows went back to pending, or failed when the refusal is for good. <see cref="BatchStatus.Error"/> says why.</summary>
    public const string Failed = "failed";
}
