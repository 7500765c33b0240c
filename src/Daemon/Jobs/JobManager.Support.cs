using System.Text.Json;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobManager
{
    private JobRunner Runner(string jobId)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            throw new JobException(ErrorCodes.InvalidParams, "jobId is required.", new ErrorData(Field: "jobId"));
        }

        if (_runners.TryGetValue(jobId, out var runner))
        {
            return runner;
        }

        var record = _ledger.Reader.GetJob(jobId)
            ?? throw new JobException(ErrorCodes.JobNotFound, $"No job '{jobId}' in the ledger {_ledger.Path}.", new ErrorData(Field: "jobId", JobId: jobId));
        return GetOrLoad(record);
    }

    private JobRunner GetOrLoad(JobRecord record) =>
        _runners.GetOrAdd(record.Id, _ => NewRunner(record, JsonSerializer.Deserialize<JobSpec>(record.Spec)!));

    private JobRunner NewRunner(JobRecord record, JobSpec spec) =>
        new(record, spec, _ledger, _hub, _settings.Time, _settings.PauseGrace, _log);

    private static JobException InvalidState(JobRunner runner, string action) => new(
        ErrorCodes.InvalidJobState,
        $"Cannot {action} job {runner.Id}: it is {JobLedger.StateName(runner.State)}.",
        new ErrorData(JobId: runner.Id));

    private void ThrowIfStopping()
    {
        if (_stopping.IsCancellationRequested)
        {
            throw new JobException(ErrorCodes.ShuttingDown, "The daemon is shutting down and takes no new work.");
        }
    }

    private static string NewJobId() => Guid.NewGuid().ToString("N")[..12];

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(_settings.ProgressInterval, _settings.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var runner in _runners.Values)
                {
                    if (runner.State == JobState.Running)
                    {
                        _hub.Progress(runner.Progress());
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
