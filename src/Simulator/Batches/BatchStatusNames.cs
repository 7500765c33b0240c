namespace BatchAi.Simulator.Batches;

internal static class BatchStatusNames
{
    public static string Wire(this BatchStatus status) => status switch
    {
        BatchStatus.Validating => "validating",
        BatchStatus.Failed => "failed",
        BatchStatus.InProgress => "in_progress",
        BatchStatus.Finalizing => "finalizing",
        BatchStatus.Completed => "completed",
        BatchStatus.Expired => "expired",
        BatchStatus.Cancelling => "cancelling",
        _ => "cancelled",
    };

    /// <summary>Whether the batch has ended and will not change again.</summary>
    public static bool IsFinal(this BatchStatus status) =>
        status is BatchStatus.Failed or BatchStatus.Completed or BatchStatus.Expired or BatchStatus.Cancelled;
}
