using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A batch job's loop: writes its pending rows as request files, and takes each file through the provider's Batch API
/// (upload, create, poll, fold), every step stored in the ledger (<see cref="BatchLedger"/>) before the next. It starts
/// from whatever the ledger says, so a daemon killed anywhere picks up where it was (<see cref="BatchPhase.Next"/>): an
/// upload or create that reached the provider unrecorded is found there and adopted, and a line folds only into a row
/// still submitted in its batch, so nothing is sent, batched or folded twice.
/// </summary>
internal sealed partial class BatchSubmitter
{
    private readonly JobLedger _ledger;
    private readonly BatchLedger _files;
    private readonly ProviderBatches _provider;
    private readonly JobSpec _spec;
    private readonly string _jobId;
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;
    private readonly Action<bool> _changed;
    private readonly Action<string> _log;
    private readonly Action<string> _failed;
    private readonly BatchJobSettings _settings;
    private readonly string _endpoint;
    private readonly PollDelay _poll;
    private readonly PollDelay _quota;
    private readonly Func<long> _fromRow;

    // Files this run wrote or uploaded itself: no earlier run can have sent them, so they need no look at the provider first.
    private readonly HashSet<int> _writtenHere = [];
    private readonly HashSet<int> _uploadedHere = [];
    private readonly HashSet<int> _lookedUp = [];

    // Files recorded whose rows are being marked submitted (BatchLedger.MarkRowsAsync), while they are uploaded.
    private readonly List<Task> _marking = [];
    private bool _remarked;

    // Whether rows changed since the last time _changed was told (a fold, a file written, refused or dropped).
    private bool _rowsChanged;
    private DateTimeOffset _holdUntil;

    /// <param name="fromRow">The first row it may write into a file (an <c>auto</c> job's <see cref="OnlineCut"/>); by default every row.</param>
    /// <param name="changed">Told when anything moved on; its argument says whether rows changed (their counts need reading again).</param>
    public BatchSubmitter(JobLedger ledger, ProviderBatches provider, JobSpec spec, string jobId, TimeProvider time, int maxAttempts,
        Action<bool> changed, Action<string> log, Action<string>? failed = null, Func<long>? fromRow = null)
    {
        _failed = failed ?? (static _ => { });
        _fromRow = fromRow ?? (static () => 0);
        _ledger = ledger;
        _files = new BatchLedger(ledger);
        _provider = provider;
        _spec = spec;
        _jobId = jobId;
        _time = time;
        _maxAttempts = maxAttempts;
        _changed = changed;
        _log = log;
        _settings = BatchJobSettings.Of(spec.Batch);
        _endpoint = EndpointLabel.Of(spec.AllEndpoints()[0], 0);
        _poll = new PollDelay(_settings.FirstPoll, PollDelay.DefaultMost);
        _quota = new PollDelay(_settings.FirstPoll, PollDelay.DefaultMost);
    }

    /// <summary>Where a job's request files are written: beside the ledger, a folder per job.</summary>
    public static string Directory(JobLedger ledger, string jobId) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ledger.Path)) ?? ".", "batches", jobId);

    /// <summary>
    /// Runs until every row is answered or failed and every batch folded; with <paramref name="maySubmit"/> false (a pause, a
    /// cancel), nothing new goes out and it returns once the batches already at the provider are folded.
    /// </summary>
    /// <param name="maySubmit">Whether new files may be written, uploaded and made batches now.</param>
    /// <param name="cancellationToken">Stops the loop between steps and in its waits.</param>
    /// <param name="working">Stops a step under way (an upload, a create, a fold); by default <paramref name="cancellationToken"/>. A pause lets the step
    /// finish, so an upload or create it started is recorded rather than left for the provider to hold unknown.</param>
    public async Task RunAsync(Func<bool> maySubmit, CancellationToken cancellationToken, CancellationToken? working = null)
    {
        var step = working ?? cancellationToken;
        await MarkedAsync().ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = false;
            foreach (var file in _files.Read(_jobId))
            {
                cancellationToken.ThrowIfCancellationRequested();
                changed |= await StepAsync(file, maySubmit, step).ConfigureAwait(false);
            }

            if (maySubmit() && await WriteAsync(maySubmit, step).ConfigureAwait(false))
            {
                Changed();
                continue; // upload the new files at once
            }

            if (changed)
            {
                Changed();
            }

            await MarkedAsync().ConfigureAwait(false);
            var files = _files.Read(_jobId);
            var waiting = files.Any(BatchPhase.AtProvider) || (maySubmit() && (files.Any(f => BatchPhase.Next(f, fileOnDisk: true) is BatchStep.Upload or BatchStep.Create) || HasPending()));
            if (!waiting)
            {
                return;
            }

            await Task.Delay(_poll.Next(changed), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Cancels the job's batches at the provider and folds what they answered meanwhile (those rows stay done); files not yet
    /// made a batch are dropped, their rows pending again. Returns once every cancelled batch is folded.
    /// </summary>
    public async Task CancelAsync(CancellationToken cancellationToken)
    {
        await MarkedAsync().ConfigureAwait(false); // the rows of a file dropped here go back to pending only once marked
        foreach (var file in _files.Read(_jobId))
        {
            switch (BatchPhase.Next(file, fileOnDisk: true))
            {
                case BatchStep.Upload or BatchStep.Create:
                    await _files.SetFailedAsync(_jobId, file.Seq, "cancelled before its batch was created", requeue: true, _time.GetUtcNow()).ConfigureAwait(false);
                    Delete(file);
                    break;
                case BatchStep.Poll:
                    try
                    {
                        await StoreAsync(file, await _provider.CancelAsync(file.BatchId!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                    }
                    catch (ProviderException e) when (e.Fault == ProviderFault.Rejected)
                    {
                        // It ended meanwhile (the provider refuses to cancel an ended batch): it is folded like any other.
                    }

                    break;
            }
        }

        _rowsChanged = true;
        Changed();
        await RunAsync(static () => false, cancellationToken).ConfigureAwait(false);
    }

    private void Changed()
    {
        var rows = _rowsChanged;
        _rowsChanged = false;
        _changed(rows);
    }

    /// <summary>Takes one file as far as it goes now (with <paramref name="uploadOnly"/>, no further than its upload); whether anything changed.</summary>
    private async Task<bool> StepAsync(BatchFileRecord file, Func<bool> maySubmit, CancellationToken cancellationToken, bool uploadOnly = false)
    {
        var changed = false;
        while (true)
        {
            var step = BatchPhase.Next(file, File.Exists(file.Path));
            if (uploadOnly && step != BatchStep.Upload)
            {
                return changed;
            }

            if (step == BatchStep.Create && !maySubmit() && _lookedUp.Add(file.Seq) && !_uploadedHere.Contains(file.Seq))
            {
                // Not sending, but a batch an earlier run created unrecorded is paid for already: adopt it, to be collected.
                if (await TryAdoptAsync(file, cancellationToken).ConfigureAwait(false) is { } adopted)
                {
                    file = adopted;
                    changed = true;
                    continue;
                }
            }

            if ((step is BatchStep.Upload or BatchStep.Rewrite && !maySubmit()) || (step == BatchStep.Create && (!maySubmit() || _time.GetUtcNow() < _holdUntil)))
            {
                return changed;
            }

            BatchFileRecord? next;
            try
            {
                next = step switch
                {
                    BatchStep.Rewrite => await RewriteAsync(file).ConfigureAwait(false),
                    BatchStep.Upload => await UploadAsync(file, cancellationToken).ConfigureAwait(false),
                    BatchStep.Create => await CreateAsync(file, cancellationToken).ConfigureAwait(false),
                    BatchStep.Poll => await StoreAsync(file, await _provider.GetAsync(file.BatchId!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false),
                    BatchStep.Fold => await FoldAsync(file, cancellationToken).ConfigureAwait(false),
                    _ => null,
                };
            }
            catch (ProviderException e) when (e.Fault == ProviderFault.Transient)
            {
                // Retried already: the provider is busy or away. The next round tries again, after the poll's wait.
                _log($"job {_jobId}: batch file {file.Seq}: {e.Message}; trying again later");
                return changed;
            }
            catch (ProviderException e) when (e.Fault == ProviderFault.Rejected && step is BatchStep.Upload or BatchStep.Create)
            {
                // The provider refuses the file itself (too large, too many lines, a bad line): sending it again cannot help.
                await _files.SetFailedAsync(_jobId, file.Seq, e.Message, requeue: false, _time.GetUtcNow()).ConfigureAwait(false);
                _rowsChanged = true;
                _log($"job {_jobId}: batch file {file.Seq} refused: {e.Message}");
                _failed($"batch file {file.Seq} refused: {e.Message}");
                return true;
            }

            if (next is null)
            {
                return changed;
            }

            changed = true;
            // Poll once a round: a batch still running is polled again after the wait.
            if (step == BatchStep.Poll && BatchPhase.Next(next, fileOnDisk: true) == BatchStep.Poll)
            {
                return changed;
            }

            file = next;
        }
    }
}
