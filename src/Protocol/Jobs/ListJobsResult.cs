namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>listJobs</c>.</summary>
/// <param name="Jobs">Every job in the ledger, newest first.</param>
public sealed record ListJobsResult(IReadOnlyList<JobInfo> Jobs);
