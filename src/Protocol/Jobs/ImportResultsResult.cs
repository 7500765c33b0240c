namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>importResults</c>.</summary>
/// <param name="Lines">Lines read.</param>
/// <param name="Answered">Rows answered by the file (done, their answers in the response cache too).</param>
/// <param name="Failed">Rows refused for good by the provider (a 400): failed, with its message.</param>
/// <param name="Requeued">Rows that failed for a passing reason (429, 5xx) or were not run (expired, cancelled): pending again.</param>
/// <param name="RefusedCount">Lines not folded, all of them.</param>
/// <param name="Refused">The first 1,000 lines not folded, each with the reason.</param>
/// <param name="Job">The job after the import.</param>
public sealed record ImportResultsResult(long Lines, long Answered, long Failed, long Requeued, long RefusedCount, IReadOnlyList<RefusedResultLine> Refused, JobInfo Job);
