using System.Collections.Concurrent;
using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Notifications;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The daemon's jobs. A job belongs to the daemon, not to the client that started it: clients come
/// and go, jobs run on. Control requests (start, pause, resume, cancel) are serialized; row work is not.
/// </summary>
internal sealed partial class JobManager : IAsyncDisposable
{
    private readonly JobLedger _ledger;
    private readonly NotificationHub _hub;
    private readonly DaemonSettings _settings;
    private readonly Action<string> _log;
    private const int FinishedKept = 64;
    private readonly ConcurrentDictionary<string, JobRunner> _runners = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JobRunner> _finished = new();
    private readonly ProfileStore _profiles;
    private readonly JobKeys _keys;
    private readonly JobPricing _pricing;
    private readonly SemaphoreSlim _control = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _ticker = Task.CompletedTask;

    public JobManager(JobLedger ledger, NotificationHub hub, DaemonSettings settings, Action<string> log, ProfileStore profiles, JobKeys keys, JobPricing pricing)
    {
        _ledger = ledger;
        _hub = hub;
        _settings = settings;
        _log = log;
        _profiles = profiles;
        _keys = keys;
        _pricing = pricing;
    }

    public JobLedger Ledger => _ledger;

    public bool IsShuttingDown => _stopping.IsCancellationRequested;

    /// <summary>Marks jobs a dead daemon left running as interrupted, and starts the progress ticker.</summary>
    public async Task InitializeAsync()
    {
        var orphans = await _ledger.MarkOrphansInterruptedAsync().ConfigureAwait(false);
        if (orphans > 0)
        {
            _log($"{orphans} job(s) were running when the last daemon stopped; they are interrupted and resumeJob finishes them");
        }

        SweepDigests();
        _ticker = Task.Run(TickAsync);
        if (_settings.ResumeInterrupted)
        {
            await ResumeInterruptedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Deletes the duplicate digests no job will read again: a daemon that died while an input was being read leaves its
    /// job's file behind, and the job may since have been cancelled, or its input read whole by another daemon.
    /// Only a job still reading its input (not yet whole, not completed, failed or cancelled) keeps its file.
    /// </summary>
    private void SweepDigests()
    {
        var keep = _ledger.Reader.ListJobs()
            .Where(j => !j.TotalKnown && j.State is not (StoredJobState.Completed or StoredJobState.Failed or StoredJobState.Cancelled))
            .Select(j => j.Id)
            .ToHashSet(StringComparer.Ordinal);
        var swept = PromptDigests.DeleteAllBut(_ledger.Path, keep);
        if (swept > 0)
        {
            _log($"deleted {swept} duplicate-digest file(s) that no job will read again");
        }
    }

    /// <summary>Resumes every interrupted job whose key is at hand; the others wait, saying which endpoint needs a key.</summary>
    private async Task ResumeInterruptedAsync()
    {
        foreach (var record in _ledger.Reader.ListJobs().Where(j => j.State == StoredJobState.Interrupted))
        {
            try
            {
                await ResumeAsync(record.Id, apiKey: null).ConfigureAwait(false);
            }
            catch (RequestRefusedException e)
            {
                _log($"job {record.Id}: not resumed: {e.Message}");
                await GetOrLoad(record).SetStoppedStateAsync(JobState.Interrupted, e.Message).ConfigureAwait(false);
            }
        }
    }

    public async Task<StartJobResult> StartAsync(StartJobParams p, Action<string>? beforeStart, CancellationToken cancellationToken)
    {
        ThrowIfStopping();
        JobRequestValidator.Validate(p);
        p = _profiles.Apply(p);
        var input = Path.GetFullPath(p.Input);
        var format = JobRequestValidator.Format(p);
        var output = p.Output is null ? OutputPath.Default(input, format) : Path.GetFullPath(p.Output);
        var spec = JobSpec.From(p, input, output, format);
        var keys = _keys.Resolve(spec, JobKeys.Given(p), null, jobId: null);
        _pricing.Validate(spec.Budget, spec, "budget");

        // Open the input here, not in the job, so a missing file or column is the caller's error, not a failed job.
        var source = await JobRunner.OpenInputAsync(spec, cancellationToken).ConfigureAwait(false);
        try
        {
            await InputProbe.CheckAsync(source, spec, cancellationToken).ConfigureAwait(false);
            await _control.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var id = NewJobId();
                var record = new JobRecord(id, StoredJobState.Queued, input, output, format, spec.Model, spec.BaseUrl,
                    JsonSerializer.Serialize(spec), 0, false, _settings.Time.GetUtcNow(), null, null, null);
                await _ledger.InsertJobAsync(record).ConfigureAwait(false);
                var runner = NewRunner(record, spec, _pricing.TryLoad());
                _runners[id] = runner;
                beforeStart?.Invoke(id);
                Run(runner, keys, source);
                _log($"job {id}: started on {input} → {output} with {Describe(spec)}, {spec.Concurrency} in flight");
                return new StartJobResult(id, output);
            }
            finally
            {
                _control.Release();
            }
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public JobInfo Get(string jobId) => Runner(jobId).Describe();

    /// <summary>The job's settings, for the features that read its rows (exports, pages of rows); refused when there is no such job.</summary>
    public JobSpec SpecOf(string jobId) => Runner(jobId).Spec;

    public IReadOnlyList<JobInfo> List()
    {
        var prices = _pricing.TryLoad();
        return _ledger.Reader.ListJobs().Select(r => (_runners.TryGetValue(r.Id, out var live) ? live : Load(r, prices)).Describe()).ToList();
    }

    public async Task<JobInfo> PauseAsync(string jobId)
    {
        var runner = Runner(jobId);
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!runner.IsRunning)
            {
                if (runner.State != JobState.Paused)
                {
                    throw InvalidState(runner, "pause");
                }

                runner.KeepPaused();
                return runner.Describe();
            }

            runner.RequestStop(StopReason.Pause);
        }
        finally
        {
            _control.Release();
        }

        // Outside the lock: draining answers in flight may take the whole grace period, and other jobs need not wait for it.
        await runner.Completion.ConfigureAwait(false);
        return runner.Describe();
    }

    public Task<JobInfo> ResumeAsync(string jobId, string? apiKey) => ResumeAsync(jobId, apiKey, null);

    /// <param name="jobId">The job.</param>
    /// <param name="apiKey">Its key again, when it was given inline before a restart.</param>
    /// <param name="apiKeys">Keys by endpoint name, likewise.</param>
    /// <param name="budget">The job's budget from now on (replacing the one it had), or null to keep it.</param>
    public async Task<JobInfo> ResumeAsync(string jobId, string? apiKey, IReadOnlyDictionary<string, string>? apiKeys, JobBudget? budget = null)
    {
        ThrowIfStopping();
        var runner = Runner(jobId);
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (runner.IsStopping)
            {
                // A pause is draining: let it finish, then run again, as the caller asked last.
                await runner.Completion.ConfigureAwait(false);
            }

            if (runner.IsRunning)
            {
                return runner.Describe();
            }

            if (runner.State is JobState.Completed or JobState.Cancelled)
            {
                throw InvalidState(runner, "resume");
            }

            var keys = _keys.Resolve(runner.Spec, apiKeys, apiKey, jobId);
            await PrepareBudgetAsync(runner, budget).ConfigureAwait(false);
            Run(runner, keys, source: null);
            _log($"job {jobId}: resumed");
            return runner.Describe();
        }
        finally
        {
            _control.Release();
        }
    }

    public async Task<JobInfo> CancelAsync(string jobId)
    {
        var runner = Runner(jobId);
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (runner.IsRunning)
            {
                runner.RequestStop(StopReason.Cancel);
                await runner.Completion.ConfigureAwait(false);
            }
            else if (runner.State is JobState.Completed)
            {
                throw InvalidState(runner, "cancel");
            }
            else if (runner.State is not JobState.Cancelled && runner.HasOpenBatches && TryKeys(runner) is { } keys)
            {
                // A paused batch job's batches are cancelled at the provider and what they answered is folded: a run does that.
                Run(runner, keys, source: null);
                runner.RequestStop(StopReason.Cancel);
                await runner.Completion.ConfigureAwait(false);
            }
            else if (runner.State is not JobState.Cancelled)
            {
                await runner.SetStoppedStateAsync(JobState.Cancelled, "cancelled; the rows answered so far are in the output").ConfigureAwait(false);
            }

            // A job cancelled before its input was all read never reads it again: nor its duplicate digests.
            PromptDigests.Delete(_ledger.Path, jobId);
            return runner.Describe();
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Stops every running job as interrupted (resumable), waits for their checkpoints, and stops the ticker.</summary>
    public async Task ShutdownAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        foreach (var runner in _runners.Values)
        {
            runner.RequestStop(StopReason.Shutdown);
        }

        await Task.WhenAll(_runners.Values.Select(r => r.Completion).Concat(_runners.Values.Select(r => r.Collecting))).ConfigureAwait(false);
        await _ticker.ConfigureAwait(false);
        await _ledger.Writer.FlushAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        _control.Dispose();
        _stopping.Dispose();
    }
}
