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
internal sealed class BatchSubmitter
{
    private readonly JobLedger _ledger;
    private readonly BatchLedger _files;
    private readonly ProviderBatches _provider;
    private readonly JobSpec _spec;
    private readonly string _jobId;
    private readonly TimeProvider _time;
    private readonly int _maxAttempts;
    private readonly Action _changed;
    private readonly Action<string> _log;
    private readonly BatchJobSettings _settings;
    private readonly string _endpoint;
    private readonly PollDelay _poll;
    private readonly PollDelay _quota;

    // Files this run wrote or uploaded itself: no earlier run can have sent them, so they need no look at the provider first.
    private readonly HashSet<int> _writtenHere = [];
    private readonly HashSet<int> _uploadedHere = [];
    private readonly HashSet<int> _lookedUp = [];
    private DateTimeOffset _holdUntil;

    public BatchSubmitter(JobLedger ledger, ProviderBatches provider, JobSpec spec, string jobId, TimeProvider time, int maxAttempts,
        Action changed, Action<string> log)
    {
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
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = false;
            foreach (var file in _files.Read(_jobId))
            {
                cancellationToken.ThrowIfCancellationRequested();
                changed |= await StepAsync(file, maySubmit, step).ConfigureAwait(false);
            }

            if (maySubmit() && await WriteAsync(step).ConfigureAwait(false))
            {
                _changed();
                continue; // upload the new files at once
            }

            if (changed)
            {
                _changed();
            }

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

        _changed();
        await RunAsync(static () => false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes one file as far as it goes now; whether anything changed.</summary>
    private async Task<bool> StepAsync(BatchFileRecord file, Func<bool> maySubmit, CancellationToken cancellationToken)
    {
        var changed = false;
        while (true)
        {
            var step = BatchPhase.Next(file, File.Exists(file.Path));
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
                _log($"job {_jobId}: batch file {file.Seq} refused: {e.Message}");
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

    private async Task<BatchFileRecord?> TryAdoptAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        try
        {
            if (await _provider.FindBatchAsync(file.FileId!, cancellationToken).ConfigureAwait(false) is not { } batch)
            {
                return null;
            }

            await _files.SetCreatedAsync(_jobId, file.Seq, batch.Id, _time.GetUtcNow()).ConfigureAwait(false);
            return await StoreAsync(file with { State = BatchPhase.Created, BatchId = batch.Id }, batch).ConfigureAwait(false)
                ?? file with { State = BatchPhase.Created, BatchId = batch.Id };
        }
        catch (ProviderException e) when (e.Fault is ProviderFault.Transient or ProviderFault.Rejected)
        {
            _log($"job {_jobId}: batch file {file.Seq}: looking for its batch: {e.Message}");
            return null;
        }
    }

    private async Task<BatchFileRecord> RewriteAsync(BatchFileRecord file)
    {
        var error = $"its request file {file.Path} is gone; its rows go out again in a new file";
        await _files.SetFailedAsync(_jobId, file.Seq, error, requeue: true, _time.GetUtcNow()).ConfigureAwait(false);
        return file with { State = BatchPhase.Failed, Error = error };
    }

    private async Task<BatchFileRecord> UploadAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file.Path);
        // A file an earlier run recorded may have reached the provider before that daemon died: adopt it rather than send it twice.
        var id = (_writtenHere.Contains(file.Seq) ? null : await _provider.FindFileAsync(name, cancellationToken).ConfigureAwait(false))
            ?? await _provider.UploadAsync(file.Path, name, cancellationToken).ConfigureAwait(false);
        CrashPoint.Reach(CrashPoint.Uploaded);
        await _files.SetUploadedAsync(_jobId, file.Seq, id, _time.GetUtcNow()).ConfigureAwait(false);
        _uploadedHere.Add(file.Seq);
        return file with { State = BatchPhase.Uploaded, FileId = id };
    }

    private async Task<BatchFileRecord?> CreateAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        // Likewise a create: a batch of this file made before a crash is found by its input file and adopted.
        var batch = (_uploadedHere.Contains(file.Seq) ? null : await _provider.FindBatchAsync(file.FileId!, cancellationToken).ConfigureAwait(false))
            ?? await _provider.CreateAsync(file.FileId!, _settings.CompletionWindow,
                new Dictionary<string, string> { ["batchai_job"] = _jobId, ["batchai_file"] = file.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                cancellationToken).ConfigureAwait(false);
        CrashPoint.Reach(CrashPoint.Created);
        await _files.SetCreatedAsync(_jobId, file.Seq, batch.Id, _time.GetUtcNow()).ConfigureAwait(false);
        return await StoreAsync(file with { State = BatchPhase.Created, BatchId = batch.Id }, batch).ConfigureAwait(false)
            ?? file with { State = BatchPhase.Created, BatchId = batch.Id };
    }

    /// <summary>Stores what the provider says of the batch, when it changed; null when it did not.</summary>
    private async Task<BatchFileRecord?> StoreAsync(BatchFileRecord file, BatchSnapshot batch)
    {
        var now = _time.GetUtcNow();
        if (batch.Refused)
        {
            // A refusal that passes (the enqueued-token quota is full): its rows go out again once the quota has room; the
            // others (a bad file) fail every row with the provider's reason.
            var passes = batch.Errors.Count > 0 && batch.Errors.All(e => e.Passes);
            var error = batch.ErrorText();
            await _files.SetFailedAsync(_jobId, file.Seq, error, requeue: passes, now).ConfigureAwait(false);
            if (passes)
            {
                _holdUntil = now + _quota.Next(changed: false);
            }

            _log($"job {_jobId}: batch {batch.Id} failed: {error}{(passes ? "; its rows go out again later" : "")}");
            Delete(file);
            return file with { State = BatchPhase.Failed, Error = error };
        }

        var state = BatchPhase.FromProvider(batch.Status);
        if (state == file.State && batch.Completed == file.Completed && batch.Failed == file.Failed)
        {
            return null;
        }

        await _files.SetStatusAsync(_jobId, file.Seq, state, batch.Completed, batch.Failed, batch.OutputFileId, batch.ErrorFileId, null, now).ConfigureAwait(false);
        if (state == BatchPhase.Ended)
        {
            _quota.Next(changed: true); // a batch left the queue: the quota has room again
        }
        else if (state == BatchPhase.InProgress)
        {
            CrashPoint.Reach(CrashPoint.Polled);
        }

        return file with
        {
            State = state,
            Completed = batch.Completed,
            Failed = batch.Failed,
            OutputFileId = batch.OutputFileId ?? file.OutputFileId,
            ErrorFileId = batch.ErrorFileId ?? file.ErrorFileId,
        };
    }

    /// <summary>Folds the ended batch's output and error files, streamed, into the rows still submitted in it; then marks it folded.</summary>
    private async Task<BatchFileRecord> FoldAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        var rows = _ledger.Reader.GetJob(_jobId)?.Total ?? 0;
        foreach (var id in new[] { file.OutputFileId, file.ErrorFileId })
        {
            if (id is null)
            {
                continue;
            }

            using var response = await _provider.DownloadAsync(id, cancellationToken).ConfigureAwait(false);
            await using var content = response.ContentStream ?? Stream.Null;
            var report = await new ResultFolder(_ledger, _jobId, rows, _endpoint, _time, file.Seq).FoldAsync(content, cancellationToken).ConfigureAwait(false);
            if (report.RefusedCount > 0)
            {
                _log($"job {_jobId}: batch {file.BatchId}: {report.RefusedCount} line(s) of {id} not folded, e.g. line {report.Refused[0].Line}: {report.Refused[0].Reason}");
            }

            CrashPoint.Reach(CrashPoint.Folding);
        }

        var now = _time.GetUtcNow();
        await _files.SetFoldedAsync(_jobId, file.Seq, now).ConfigureAwait(false);
        var gaveUp = await _files.FailExhaustedAsync(_jobId, _maxAttempts, now).ConfigureAwait(false);
        if (gaveUp > 0)
        {
            _log($"job {_jobId}: {gaveUp} row(s) failed after {_maxAttempts} batches without an answer");
        }

        Delete(file);
        return file with { State = BatchPhase.Folded };
    }

    /// <summary>Writes the pending rows as new request files and records each (its rows submitted with it); whether it wrote any.</summary>
    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() < _holdUntil || !HasPending())
        {
            return false;
        }

        var seq = _files.NextSeq(_jobId);
        var endpoint = _spec.AllEndpoints()[0];
        var export = await Task.Run(() => RequestExport.Write(_ledger, _jobId, endpoint.Model, Dialects.For(endpoint.MaxTokensParameter, endpoint.BaseUrl),
            row => _spec.RowRequest(row.Question, row.Conversation), Directory(_ledger, _jobId), $"{_jobId}-batch", _settings.Limits, cancellationToken, seq),
            cancellationToken).ConfigureAwait(false);
        CrashPoint.Reach(CrashPoint.Written);
        var now = _time.GetUtcNow();
        if (export.LeftOut.Count > 0)
        {
            // A row whose request cannot be built (an image that cannot be read) fails, as it would online.
            await _ledger.FoldAsync(export.LeftOut.Select(l => new RowResult(_jobId, l.Row, RowState.Failed, 0, null, null, null, null, null,
                $"row {l.Row}: {l.Reason}", now, 0)).ToList()).ConfigureAwait(false);
        }

        for (var i = 0; i < export.Files.Count; i++)
        {
            var f = export.Files[i];
            await _files.RecordWrittenAsync(new BatchFileRecord(_jobId, seq + i, f.Path, f.Lines, f.Bytes, f.FirstRow, f.LastRow, BatchPhase.Written,
                null, null, null, null, 0, 0, null), now).ConfigureAwait(false);
            _writtenHere.Add(seq + i);
        }

        CrashPoint.Reach(CrashPoint.Recorded);
        return export.Files.Count > 0 || export.LeftOut.Count > 0;
    }

    private bool HasPending()
    {
        using var connection = _ledger.Reader.Open();
        return LedgerReader.NextPending(connection, _jobId, -1, 1).Count > 0;
    }

    private void Delete(BatchFileRecord file)
    {
        try
        {
            File.Delete(file.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"job {_jobId}: could not delete {file.Path}: {e.Message}");
        }
    }
}
