namespace BatchAi.Protocol.Jobs;

/// <summary>A row's state, as <see cref="JobRow.State"/> says and <see cref="GetRowsParams.State"/> filters by (in any case).</summary>
public static class RowStates
{
    /// <summary>Not sent yet, or sent and due to be sent again.</summary>
    public const string Pending = "pending";

    /// <summary>Sent; its answer has not arrived yet.</summary>
    public const string InFlight = "inFlight";

    /// <summary>Answered.</summary>
    public const string Done = "done";

    /// <summary>Every attempt failed; <see cref="JobRow.Error"/> says why.</summary>
    public const string Failed = "failed";

    /// <summary>Not sent, on purpose (empty, a duplicate, unreadable); <see cref="JobRow.Error"/> says why.</summary>
    public const string Skipped = "skipped";

    /// <summary>In a provider's batch (a batch job): sent with the others of its request file, its answer not yet folded; <see cref="JobRow.Batch"/> names the batch.</summary>
    public const string Submitted = "submitted";
}
