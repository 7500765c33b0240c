namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>resumeJob</c>.</summary>
/// <param name="JobId">The job to resume.</param>
/// <param name="ApiKey">The key again, for a job started with an inline key before the daemon restarted (keys are never stored).</param>
/// <param name="ApiKeys">Keys by endpoint name, for a pool whose endpoints were given inline keys.</param>
/// <param name="Budget">The job's budget from now on, replacing the one it had (<c>{}</c> lifts every limit); absent, the budget stays. A job paused by its budget needs a higher one to go on.</param>
public sealed record ResumeJobParams(string JobId, string? ApiKey = null, IReadOnlyDictionary<string, string>? ApiKeys = null, JobBudget? Budget = null)
{
    /// <summary>Keeps keys out of logs and error messages that print the record.</summary>
    public override string ToString() => $"ResumeJobParams {{ JobId = {JobId}, ApiKey = {(ApiKey is null ? "none" : "***")}, ApiKeys = {(ApiKeys is null ? "none" : string.Join(", ", ApiKeys.Keys) + ": ***")}, Budget = {Budget} }}";
}
