using BatchAi.Daemon.Watchers;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>The CLI's view of one in-process job: its latest progress, and when it stops.</summary>
internal sealed class CliJobWatcher : INotificationSink
{
    private readonly TaskCompletionSource<JobStateChanged> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _jobId;
    private volatile JobProgress? _latest;

    public JobProgress? Latest => _latest;

    /// <summary>Completes when the job leaves the running state, with how.</summary>
    public Task<JobStateChanged> Stopped => _stopped.Task;

    public void Watch(string jobId) => _jobId = jobId;

    public void OnStateChanged(JobStateChanged change)
    {
        if (change.JobId == _jobId && change.State is not (JobState.Running or JobState.Queued))
        {
            _stopped.TrySetResult(change);
        }
    }

    public void OnRowCompleted(JobRowCompleted row)
    {
    }

    public void OnProgress(JobProgress progress)
    {
        if (progress.JobId == _jobId)
        {
            _latest = progress;
        }
    }

    public bool WantsTokens(string jobId) => false;

    public void OnToken(JobToken token)
    {
    }
}
