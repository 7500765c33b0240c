using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>A file's steps at the provider, each stored before the next: upload, create (or adopt), and what each poll says.</summary>
internal sealed partial class BatchSubmitter
{
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
        _rowsChanged = true;
        return file with { State = BatchPhase.Failed, Error = error };
    }

    private async Task<BatchFileRecord> UploadAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file.Path);
        var started = _time.GetTimestamp();
        // A file an earlier run recorded may have reached the provider before that daemon died: adopt it rather than send it twice.
        var id = (_writtenHere.Contains(file.Seq) ? null : await _provider.FindFileAsync(name, cancellationToken).ConfigureAwait(false))
            ?? await _provider.UploadAsync(file.Path, name, cancellationToken).ConfigureAwait(false);
        CrashPoint.Reach(CrashPoint.Uploaded);
        _log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"job {_jobId}: request file {file.Seq} ({file.Bytes / 1e6:0.0} MB) is {id}, in {_time.GetElapsedTime(started).TotalSeconds:0.00} s"));
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
            _rowsChanged = true;
            if (passes)
            {
                _holdUntil = now + _quota.Next(changed: false);
            }

            var message = $"batch {batch.Id} failed: {error}{(passes ? "; its rows go out again later" : "")}";
            _log($"job {_jobId}: {message}");
            _failed(message);
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
}
