using System.Text.Json;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobManager
{
    private JobRunner Runner(string jobId)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, "jobId is required.", new RefusedAt(Field: "jobId"));
        }

        if (_runners.TryGetValue(jobId, out var runner))
        {
            return runner;
        }

        var record = _ledger.Reader.GetJob(jobId)
            ?? throw new RequestRefusedException(RefusalReason.NotFound, $"No job '{jobId}' in the ledger {_ledger.Path}.", new RefusedAt(Field: "jobId", JobId: jobId));
        return GetOrLoad(record);
    }

    /// <summary>
    /// Does a feature's work on a job's rows while the job is not running, and no run can start meanwhile (an export of its
    /// requests, an import of results); then reads its counts again and tells the clients. Refused while it runs.
    /// </summary>
    public async Task<(T Result, JobInfo Job)> WhileStoppedAsync<T>(string jobId, string action, Func<JobSpec, Task<T>> work)
    {
        var runner = Runner(jobId);
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (runner.IsRunning || runner.Spec.Generation is not null)
            {
                throw new RequestRefusedException(RefusalReason.InvalidState,
                    runner.IsRunning
                        ? $"Cannot {action} job {jobId} while it runs: pauseJob first (an offline job pauses once its input is read)."
                        : $"Cannot {action} job {jobId}: it is a generate job.",
                    new RefusedAt(JobId: jobId));
            }

            var result = await work(runner.Spec).ConfigureAwait(false);
            runner.Reload();
            _hub.Progress(runner.Progress());
            return (result, runner.Describe());
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Starts a run of the job on a pool built with these keys, and keeps its inline keys (in memory) for a resume.</summary>
    private void Run(JobRunner runner, IReadOnlyDictionary<string, string?> keys, DatasetSource? source)
    {
        _keys.Keep(runner.Id, runner.Spec, keys);
        var chat = JobChat.Create(runner.Spec, keys, _settings);
        runner.Start(chat, source, JobChat.UserSimulator(runner.Spec, keys, _settings), JobChat.ForModels(runner.Spec, chat, keys, _settings),
            JobChat.Batches(runner.Spec, keys, _settings), JobChat.Judge(runner.Spec, keys, _settings));
    }

    /// <summary>The job's keys as a resume would find them, or null (logged) when one is not at hand.</summary>
    private IReadOnlyDictionary<string, string?>? TryKeys(JobRunner runner)
    {
        try
        {
            return _keys.Resolve(runner.Spec, null, null, runner.Id);
        }
        catch (RequestRefusedException e)
        {
            _log($"job {runner.Id}: its batches stay at the provider: {e.Message}");
            return null;
        }
    }

    private JobRunner GetOrLoad(JobRecord record) => _runners.GetOrAdd(record.Id, _ => Load(record, _pricing.TryLoad()));

    /// <summary>A runner rebuilt from the ledger, not kept: for describing a job nobody is acting on.</summary>
    private JobRunner Load(JobRecord record, PriceTable? prices) => NewRunner(record, JsonSerializer.Deserialize<JobSpec>(record.Spec)!, prices);

    private JobRunner NewRunner(JobRecord record, JobSpec spec, PriceTable? prices)
    {
        var runner = new JobRunner(record, spec, _ledger, _hub, _settings.Time, _settings.PauseGrace, _log, JobPricing.PriceOf(spec, prices));
        runner.RunEnded += Forget;
        return runner;
    }

    /// <summary>
    /// Keeps the last <see cref="FinishedKept"/> finished jobs live (their endpoint statistics are only in memory) and
    /// forgets older ones, rebuilt from the ledger when asked for: a long-lived daemon must not grow with every job it ran.
    /// </summary>
    private void Forget(JobRunner ended)
    {
        if (ended.State is not (JobState.Completed or JobState.Cancelled or JobState.Failed))
        {
            return;
        }

        _finished.Enqueue(ended);
        while (_finished.Count > FinishedKept && _finished.TryDequeue(out var oldest))
        {
            if (!oldest.IsRunning && oldest.State is JobState.Completed or JobState.Cancelled or JobState.Failed)
            {
                _runners.TryRemove(new KeyValuePair<string, JobRunner>(oldest.Id, oldest));
            }
        }
    }

    private static RequestRefusedException InvalidState(JobRunner runner, string action) => new(
        RefusalReason.InvalidState,
        $"Cannot {action} job {runner.Id}: it is {JobLedger.StateName(runner.State.ToStored())}.",
        new RefusedAt(JobId: runner.Id));

    private void ThrowIfStopping()
    {
        if (_stopping.IsCancellationRequested)
        {
            throw new RequestRefusedException(RefusalReason.ShuttingDown, "The daemon is shutting down and takes no new work.");
        }
    }

    private static string NewJobId() => Guid.NewGuid().ToString("N")[..12];

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(_settings.ProgressInterval, _settings.Time);
        var lastProbe = _settings.Time.GetTimestamp();
        var probe = Task.CompletedTask;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                foreach (var runner in _runners.Values)
                {
                    if (runner.State is JobState.Running or JobState.ProviderUnavailable)
                    {
                        _hub.Progress(runner.Progress());
                    }
                }

                if (probe.IsCompleted && _settings.Time.GetElapsedTime(lastProbe) >= _settings.LedgerProbeInterval)
                {
                    lastProbe = _settings.Time.GetTimestamp();
                    probe = ResumeAfterLedgerFaultAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Jobs paused because the ledger could not be written go on as soon as a probe write to it succeeds.</summary>
    private async Task ResumeAfterLedgerFaultAsync()
    {
        var waiting = _runners.Values.Where(r => r.State == JobState.Paused && r.PausedByLedgerFault && !r.IsRunning).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        try
        {
            await _ledger.Writer.WriteAsync(c => c.Execute("UPDATE jobs SET state = state WHERE id = $p0", waiting[0].Id)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log($"ledger still not writable: {e.Message}");
            return;
        }

        foreach (var runner in waiting)
        {
            try
            {
                _log($"job {runner.Id}: the ledger can be written again; resuming");
                await ResumeAsync(runner.Id, apiKey: null).ConfigureAwait(false);
            }
            catch (RequestRefusedException e)
            {
                _log($"job {runner.Id}: not resumed: {e.Message}");
            }
        }
    }
}
