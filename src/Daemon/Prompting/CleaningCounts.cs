namespace BatchAi.Daemon.Prompting;

/// <summary>
/// What cleaning did over a number of rows: the rows counted, how many each rule that is on changed (by rule id), and
/// how many were skipped as empty or as duplicates. The ledger stores it as JSON (<c>jobs.cleaning</c>) under these
/// property names, which are those the protocol's CleaningSummary had when it was stored, so older ledgers read unchanged.
/// </summary>
internal sealed record CleaningCounts(long Rows, IReadOnlyDictionary<string, long> Changed, long Empty, long Duplicates);
