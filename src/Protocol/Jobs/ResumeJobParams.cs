namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>resumeJob</c>.</summary>
/// <param name="JobId">The job to resume.</param>
/// <param name="ApiKey">The key again, for a job started with an inline key before the daemon restarted (keys are never stored).</param>
public sealed record ResumeJobParams(string JobId, string? ApiKey = null);
