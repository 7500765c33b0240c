namespace BatchAi.Protocol.Jobs;

/// <summary>Payload of <c>job/stateChanged</c>.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">Its new state.</param>
/// <param name="PreviousState">Its state before.</param>
/// <param name="Message">Why, when there is more to say (e.g. the error that failed it, or where the output was written).</param>
public sealed record JobStateChanged(string JobId, JobState State, JobState PreviousState, string? Message = null);
