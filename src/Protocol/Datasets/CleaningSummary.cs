namespace BatchAi.Protocol.Datasets;

/// <summary>What cleaning did over a number of rows.</summary>
/// <param name="Rows">The rows this summary covers: all of them when the row count is exact, else those read.</param>
/// <param name="Changed">For each rule id (<c>control</c>, <c>html</c>, <c>invisible</c>, <c>whitespace</c>, <c>repeated-punctuation</c>, <c>cjk-punctuation</c>, <c>fullwidth-ascii</c>), how many rows it changed; rules that are off are absent.</param>
/// <param name="Empty">Rows skipped because their prompt columns are empty.</param>
/// <param name="Duplicates">Rows skipped as duplicates of an earlier row.</param>
public sealed record CleaningSummary(long Rows, IReadOnlyDictionary<string, long> Changed, long Empty, long Duplicates);
