using System.Globalization;
using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// An auto job's run (<see cref="JobModes.Auto"/>): the rows go online in input order while a splitter looks, every
/// <see cref="AutoSplit.Every"/>, at how many the online path can still finish in time (<see cref="AutoSplit"/>), and moves the
/// job's <see cref="OnlineCut"/> down so that the rest, from the end of the input, go through the Batch API as a batch job's
/// rows do. Which way a row went is in the ledger: a row written into a request file is submitted with its batch
/// (<c>rows.batch</c>), which the online path never sends, and a restart takes its cut from the first row any file was
/// written from, so the split holds.
/// </summary>
internal sealed partial class JobRunner
{
    private OnlineCut _cut = new();

    private async Task<string?> AutoAsync(Task ingest)
    {
        if (_batches is null)
        {
            return "an auto job needs the provider's Batch API, which this run was not given";
        }

        var settings = BatchJobSettings.Of(Spec.Batch);
        var deadline = Spec.Batch?.Deadline;
        _cut = new OnlineCut(new BatchLedger(_ledger).FirstRow(Id) ?? long.MaxValue);
        if (AutoSplit.AllByBatch(_time.GetUtcNow(), settings.Window, deadline) && _cut.Lower(0))
        {
            _log($"job {Id}: auto: the {settings.CompletionWindow} completion window ends before the deadline {Format(deadline)}: every row goes by batch");
        }

        var submitter = NewSubmitter(_batches, () => _cut.Limit);
        using var splitting = CancellationTokenSource.CreateLinkedTokenSource(_dispatchStop.Token);
        var split = SplitAsync(ingest, submitter, settings, splitting.Token);
        var failure = await DispatchAsync(ingest).ConfigureAwait(false);
        await splitting.CancelAsync().ConfigureAwait(false);
        await split.ConfigureAwait(false);
        if (failure is null)
        {
            // Online is done (or stopping): the batch side runs on until its rows are folded.
            await SubmitAsync(submitter).ConfigureAwait(false);
            await EndBatchesAsync(submitter).ConfigureAwait(false);
        }

        if (_ledger.Reader.GetJob(Id) is { } record)
        {
            LoadCounters(record); // both sides wrote rows: the counts are the ledger's
        }

        return failure;
    }

    /// <summary>
    /// Once the input is read, looks at the split every <see cref="AutoSplit.Every"/> until stopped, and keeps the batch side running
    /// while any row is past the cut; returns once the batch side it started has stopped.
    /// </summary>
    private async Task SplitAsync(Task ingest, BatchSubmitter submitter, BatchJobSettings settings, CancellationToken stop)
    {
        try
        {
            // Rows are cut only from an input read whole: its end is known, and the request files are as full as they may be.
            await ingest.WaitAsync(stop).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // the online path reports a failed read, and a stop is no failure
        }

        var measured = new OnlineRate(_time);
        var batchSide = Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Resplit(settings, measured.Sample(_pool));
                if (_cut.Limit != long.MaxValue && batchSide.IsCompleted)
                {
                    await batchSide.ConfigureAwait(false); // its failure fails the job, as a batch job's would
                    batchSide = Task.Run(() => SubmitAsync(submitter), CancellationToken.None);
                }

                await Task.Delay(AutoSplit.Every, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            await batchSide.ConfigureAwait(false);
        }
    }

    /// <summary>Moves the cut down when the online path holds more rows than it can finish within the horizon (<see cref="AutoSplit"/>).</summary>
    private void Resplit(BatchJobSettings settings, double? measured)
    {
        if (_cut.Limit == 0 || _pool is null)
        {
            return;
        }

        var snapshot = Counters.Snapshot(0);
        RowCost? cost = snapshot.Done > 0 ? new RowCost((double)snapshot.PromptTokens / snapshot.Done, (double)snapshot.CompletionTokens / snapshot.Done) : null;
        if ((AutoSplit.RowsPerSecond(_pool.Endpoints.Select(AutoSplit.Room), cost) ?? measured) is not { } rate)
        {
            return; // nothing learned or measured yet: online, and look again after the first answers
        }

        var now = _time.GetUtcNow();
        var keep = AutoSplit.Keep(rate, AutoSplit.Horizon(now, settings.Window, Spec.Batch?.Deadline));
        if (new BatchLedger(_ledger).RowAfter(Id, _cut.Limit, keep) is { } row && _cut.Lower(row))
        {
            _log(string.Create(CultureInfo.InvariantCulture,
                $"job {Id}: auto: online answers about {rate:0.##} rows/s, {keep} more by {Format(Spec.Batch?.Deadline)}; rows from {_cut.Limit} on go by batch"));
        }
    }

    private static string Format(DateTimeOffset? deadline) =>
        deadline is { } d ? d.UtcDateTime.ToString("u", CultureInfo.InvariantCulture) : "the end of the completion window";
}
