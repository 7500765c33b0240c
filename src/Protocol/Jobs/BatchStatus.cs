namespace BatchAi.Protocol.Jobs;

/// <summary>One request file of a batch job and the provider's batch made of it, as <see cref="JobInfo.Batches"/> lists them.</summary>
/// <param name="Seq">The file's number in the job, from 1.</param>
/// <param name="State">Where it stands: one of <see cref="BatchStates"/>.</param>
/// <param name="Lines">Request lines (rows) in the file.</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="FileId">The uploaded file's id (<c>file-...</c>), once uploaded.</param>
/// <param name="BatchId">The provider's batch id (<c>batch_...</c>), once created.</param>
/// <param name="Completed">Lines the provider has answered, from the batch's <c>request_counts</c>.</param>
/// <param name="Failed">Lines the provider failed, from the batch's <c>request_counts</c>.</param>
/// <param name="Error">Why the batch failed (validation errors, with the provider's code), or why the daemon stopped on it.</param>
/// <param name="UpdatedAt">When its state last changed (UTC).</param>
public sealed record BatchStatus(
    int Seq,
    string State,
    long Lines,
    long Bytes,
    string? FileId,
    string? BatchId,
    long Completed,
    long Failed,
    string? Error,
    DateTimeOffset UpdatedAt);
