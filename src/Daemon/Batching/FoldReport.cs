namespace BatchAi.Daemon.Batching;

/// <summary>What folding a result file did: lines read, rows answered, failed for good, sent back to pending, and lines refused.</summary>
/// <param name="Refused">The refused lines, the first <see cref="ResultFolder.MaxListed"/> of them; <paramref name="RefusedCount"/> counts them all.</param>
internal sealed record FoldReport(long Lines, long Answered, long Failed, long Requeued, long RefusedCount, IReadOnlyList<RefusedLine> Refused);
