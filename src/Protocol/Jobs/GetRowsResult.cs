namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>getRows</c>.</summary>
/// <param name="Rows">The page, in input order.</param>
/// <param name="Next">The <c>from</c> of the next page; null (left out on the wire) when no row after this page matches.</param>
public sealed record GetRowsResult(IReadOnlyList<JobRow> Rows, long? Next);
