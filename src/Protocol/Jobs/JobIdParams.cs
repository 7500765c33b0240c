namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of the methods that act on one job.</summary>
/// <param name="JobId">The job's id as <c>startJob</c> returned it.</param>
public sealed record JobIdParams(string JobId);
