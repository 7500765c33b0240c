namespace BatchAi.Protocol.Jobs;

/// <summary>Payload of <c>job/progress</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">Its state.</param>
/// <param name="Counts">Row counts, rate and ETA.</param>
/// <param name="DroppedTokenMessages">Token messages this connection missed because it read too slowly (their rows' final answers still arrive).</param>
public sealed record JobProgress(string JobId, JobState State, JobCounts Counts, long DroppedTokenMessages = 0);
