using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A batch job's run (<see cref="JobModes.Batch"/>): the input read into the ledger as for any job, then the rows sent
/// through the provider's Batch API by a <see cref="BatchSubmitter"/> instead of one request each.
/// A pause stops new batches at once and the job is paused; the batches already at the provider are paid for, so they are
/// still polled and folded while it is paused (<see cref="Collecting"/>) until a resume takes over or a cancel or shutdown
/// stops it. A cancel cancels the provider's batches and folds what they answered first.
/// </summary>
internal sealed partial class JobRunner
{
    /// <summary>OpenAI's batches take up to 10 minutes to leave <c>cancelling</c>: a cancel waits that long for their answers.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromMinutes(10);

    private ProviderBatches? _batches;
    private CancellationTokenSource _collectStop = new();
    private Task _collecting = Task.CompletedTask;

    /// <summary>While a paused batch job's running batches are still polled and folded: completes once they are, or it is stopped.</summary>
    public Task Collecting => _collecting;

    /// <summary>Whether the job has batches at the provider not folded yet (a cancel of a paused job cancels them there).</summary>
    public bool HasOpenBatches => Spec.UsesBatches && new BatchLedger(_ledger).Read(Id).Any(BatchPhase.AtProvider);

    /// <summary>Each request file and its batch, for <see cref="JobInfo.Batches"/>.</summary>
    private IReadOnlyList<BatchStatus>? BatchStatuses() => Spec.UsesBatches
        ? new BatchLedger(_ledger).Read(Id).Select(f => new BatchStatus(f.Seq, f.State == BatchPhase.Created ? BatchStates.Validating : f.State,
            f.Lines, f.Bytes, f.FileId, f.BatchId, f.Completed, f.Failed, f.Error, f.UpdatedAt ?? CreatedAt)).ToList()
        : null;

    private async Task<string?> BatchAsync(Task ingest)
    {
        // Rows are written into files once the input is read whole: a file is then as full as its limits allow.
        var failure = await EndIngestAsync(ingest).ConfigureAwait(false);
        if (failure is not null || _batches is null)
        {
            return failure ?? "a batch job needs the provider's Batch API, which this run was not given";
        }

        var submitter = NewSubmitter(_batches);
        await SubmitAsync(submitter).ConfigureAwait(false);
        await EndBatchesAsync(submitter).ConfigureAwait(false);
        return null;
    }

    /// <summary>Runs the batch loop until its rows are answered or the run is asked to stop; a refused key or a ledger fault pauses the job.</summary>
    private async Task SubmitAsync(BatchSubmitter submitter)
    {
        var stop = _dispatchStop.Token;
        try
        {
            await submitter.RunAsync(() => !stop.IsCancellationRequested, stop, _abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested || _abort.IsCancellationRequested)
        {
        }
        catch (ProviderException e) when (e.Fault is ProviderFault.KeyRefused or ProviderFault.QuotaSpent)
        {
            RequestStop(StopReason.KeyRefused, $"Paused: {e.Message}. Fix the key or the quota, then resumeJob.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LedgerFault(e);
        }
    }

    /// <summary>Once the run is stopping: a cancel cancels the provider's batches and folds them; a pause or budget collects them.</summary>
    private async Task EndBatchesAsync(BatchSubmitter submitter)
    {
        StopReason reason;
        lock (_gate)
        {
            reason = _stopReason;
        }

        if (reason == StopReason.Cancel)
        {
            using var wait = new CancellationTokenSource(CancelWait, _time);
            try
            {
                await submitter.CancelAsync(wait.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ProviderException or OperationCanceledException or IOException)
            {
                _log($"job {Id}: cancelling its batches: {e.Message}");
            }
        }
        else if (reason is StopReason.Pause or StopReason.Budget)
        {
            Collect(submitter);
        }
    }

    private BatchSubmitter NewSubmitter(ProviderBatches batches, Func<long>? fromRow = null) =>
        new(_ledger, batches, Spec, Id, _time, BatchMaxAttempts, OnBatchChange, _log, error => LastError = error, fromRow);

    /// <summary>A row goes out in at most this many batches (as many as the online path's attempts) before it fails.</summary>
    private const int BatchMaxAttempts = 5;

    /// <summary>
    /// The batches moved on: clients hear of them, and when rows changed too (a batch folded, a file written or refused) the
    /// counts are the ledger's again. A batch's state alone costs no reload: counting a million rows takes a second or more.
    /// </summary>
    private void OnBatchChange(bool rowsChanged)
    {
        if (rowsChanged && _ledger.Reader.GetJob(Id) is { } record)
        {
            // An auto job's online rows in flight are not in the ledger's counts: they are kept.
            LoadCounters(record, keepInFlight: Spec.Auto);
        }

        _hub.Progress(Progress());
        if (IsRunning && Spec.Budget is not null && BudgetMessage() is { } reached)
        {
            // As online: no new batch goes out; those at the provider are paid for, and are collected while paused.
            RequestStop(StopReason.Budget, reached);
        }
    }

    /// <summary>Polls and folds the batches at the provider while the job is paused, until none is left or it is stopped.</summary>
    private void Collect(BatchSubmitter submitter)
    {
        var stop = _collectStop.Token;
        _collecting = Task.Run(async () =>
        {
            try
            {
                await submitter.RunAsync(static () => false, stop).ConfigureAwait(false);
                OnBatchChange(rowsChanged: true);
            }
            catch (Exception e) when (e is OperationCanceledException or ProviderException or IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                if (!stop.IsCancellationRequested)
                {
                    _log($"job {Id}: collecting its batches while paused stopped: {e.Message}; resumeJob collects them");
                }
            }
        });
    }

    /// <summary>Stops collecting (a new run takes over, or the daemon stops): called under the gate.</summary>
    private Task StopCollecting()
    {
        _collectStop.Cancel();
        _collectStop = new CancellationTokenSource();
        return _collecting;
    }
}
