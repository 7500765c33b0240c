namespace BatchAi.Simulator.Batches;

/// <summary>A batch's status, as OpenAI names them on the wire (see <see cref="BatchStatusNames"/>).</summary>
internal enum BatchStatus
{
    Validating,
    Failed,
    InProgress,
    Finalizing,
    Completed,
    Expired,
    Cancelling,
    Cancelled,
}
