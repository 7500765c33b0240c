namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>exportRequests</c>.</summary>
/// <param name="Files">The files written, in row order; none when no row is pending.</param>
/// <param name="Rows">Rows written, in all files.</param>
/// <param name="LeftOut">Pending rows whose request could not be built, with the reason; they stay pending.</param>
public sealed record ExportRequestsResult(IReadOnlyList<RequestFileInfo> Files, long Rows, IReadOnlyList<RowProblem> LeftOut);
