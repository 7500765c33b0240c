namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A batch job's request file and the provider's batch made of it, as the ledger has them (<c>batch_files</c>): how far it
/// got (<see cref="State"/>: <c>written</c>, <c>uploaded</c>, <c>created</c>, then the batch's own states as polled, then
/// <c>folded</c>) and the provider's ids, each stored before the next step, so a restarted daemon goes on from there.
/// </summary>
internal sealed record BatchFileRecord(
    string JobId,
    int Seq,
    string Path,
    int Lines,
    long Bytes,
    long FirstRow,
    long LastRow,
    string State,
    string? FileId,
    string? BatchId,
    string? OutputFileId,
    string? ErrorFileId,
    int Completed,
    int Failed,
    string? Error,
    DateTimeOffset? UpdatedAt = null);
