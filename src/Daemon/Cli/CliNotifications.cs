using System.Collections.Concurrent;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// The CLI's notification handlers on its connection: each job's latest progress, when it stops, and streamed tokens.
/// The connection is opened per command, so every state it hears is news about the jobs the command acts on.
/// </summary>
internal sealed class CliNotifications
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JobStateChanged>> _stopped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JobProgress> _progress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _unavailable = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Called for each <c>job/token</c>.</summary>
    public Action<JobToken>? TokenReceived { get; set; }

    /// <summary>Completes when the connection to the daemon ends.</summary>
    public Task Lost => _lost.Task;

    public void Attach(JsonRpc rpc) => rpc.Disconnected += (_, _) => _lost.TrySetResult();

    /// <summary>The latest <c>job/progress</c> heard for the job, if any.</summary>
    public JobProgress? Latest(string jobId) => _progress.GetValueOrDefault(jobId);

    /// <summary>Completes when the job is heard leaving the running state.</summary>
    public Task<JobStateChanged> Stopped(string jobId) => Stop(jobId).Task;

    /// <summary>While the job waits through a provider outage, what the daemon said of it (endpoint, last error, next probe); else null.</summary>
    public string? Unavailable(string jobId) => _unavailable.GetValueOrDefault(jobId);

    [JsonRpcMethod(Protocol.Notifications.JobProgress, UseSingleObjectParameterDeserialization = true)]
    public void OnProgress(JobProgress progress) => _progress[progress.JobId] = progress;

    [JsonRpcMethod(Protocol.Notifications.JobStateChanged, UseSingleObjectParameterDeserialization = true)]
    public void OnStateChanged(JobStateChanged change)
    {
        if (change.State == JobState.ProviderUnavailable)
        {
            _unavailable[change.JobId] = change.Message ?? "provider unavailable";
        }
        else
        {
            _unavailable.TryRemove(change.JobId, out _);
        }

        if (change.State is not (JobState.Running or JobState.ProviderUnavailable or JobState.Queued))
        {
            Stop(change.JobId).TrySetResult(change);
        }
    }

    [JsonRpcMethod(Protocol.Notifications.JobToken, UseSingleObjectParameterDeserialization = true)]
    public void OnToken(JobToken token) => TokenReceived?.Invoke(token);

    [JsonRpcMethod(Protocol.Notifications.JobRowCompleted, UseSingleObjectParameterDeserialization = true)]
    public void OnRowCompleted(JobRowCompleted row)
    {
    }

    private TaskCompletionSource<JobStateChanged> Stop(string jobId) =>
        _stopped.GetOrAdd(jobId, _ => new TaskCompletionSource<JobStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously));
}
