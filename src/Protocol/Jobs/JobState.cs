using System.Text.Json.Serialization;

namespace BatchAi.Protocol.Jobs;

/// <summary>Where a job stands. Serialized as the lower-camel-case name, e.g. <c>"running"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobState>))]
public enum JobState
{
    /// <summary>Accepted, not started yet.</summary>
    [JsonStringEnumMemberName("queued")] Queued,

    /// <summary>Reading its input and sending rows.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>
    /// Running, but every endpoint has failed with passing faults (5xx, refused connections, timeouts) for several attempts
    /// across rows: the provider is down. No row fails for it; the daemon probes with one request at growing intervals and
    /// goes back to <c>running</c> by itself when it answers. <c>outage</c> in <c>getJob</c> says which endpoint, its last
    /// error and when the next probe goes. Pause, cancel and resume work as for a running job.
    /// </summary>
    [JsonStringEnumMemberName("providerUnavailable")] ProviderUnavailable,

    /// <summary>Paused by a client (or by the daemon for a cause that needs a person, such as a refused key).</summary>
    [JsonStringEnumMemberName("paused")] Paused,

    /// <summary>Every row is done or failed and the output is written.</summary>
    [JsonStringEnumMemberName("completed")] Completed,

    /// <summary>The job could not go on (e.g. its input became unreadable); <c>lastError</c> says why.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>Cancelled by a client.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,

    /// <summary>The daemon stopped (or died) while the job ran; <c>resumeJob</c> finishes it.</summary>
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}
