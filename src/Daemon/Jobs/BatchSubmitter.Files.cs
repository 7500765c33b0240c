using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>A batch job's files on disk and in the ledger: the pending rows written and recorded, an ended batch's results folded.</summary>
internal sealed partial class BatchSubmitter
{
    /// <summary>Folds the ended batch's output and error files, streamed, into the rows still submitted in it; then marks it folded.</summary>
    private async Task<BatchFileRecord> FoldAsync(BatchFileRecord file, CancellationToken cancellationToken)
    {
        var rows = _ledger.Reader.GetJob(_jobId)?.Total ?? 0;
        long answered = 0, failed = 0, again = 0;
        foreach (var id in new[] { file.OutputFileId, file.ErrorFileId })
        {
            if (id is null)
            {
                continue;
            }

            using var response = await _provider.DownloadAsync(id, cancellationToken).ConfigureAwait(false);
            await using var content = response.ContentStream ?? Stream.Null;
            var report = await new ResultFolder(_ledger, _jobId, rows, _endpoint, _time, file.Seq).FoldAsync(content, cancellationToken).ConfigureAwait(false);
            (answered, failed, again) = (answered + report.Answered, failed + report.Failed, again + report.Requeued);
            if (report.RefusedCount > 0)
            {
                _log($"job {_jobId}: batch {file.BatchId}: {report.RefusedCount} line(s) of {id} not folded, e.g. line {report.Refused[0].Line}: {report.Refused[0].Reason}");
            }

            CrashPoint.Reach(CrashPoint.Folding);
        }

        var now = _time.GetUtcNow();
        var missing = await _files.SetFoldedAsync(_jobId, file.Seq, now).ConfigureAwait(false);
        _log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"job {_jobId}: batch {file.BatchId} folded: {answered:N0} answered, {failed:N0} failed, {again + missing:N0} to send again"));
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
        var started = _time.GetTimestamp();
        var export = await Task.Run(() => RequestExport.Write(_ledger, _jobId, endpoint.Model, Dialects.For(endpoint.MaxTokensParameter, endpoint.BaseUrl),
            row => _spec.RowRequest(row.Question, row.Conversation), Directory(_ledger, _jobId), $"{_jobId}-batch", _settings.Limits, cancellationToken, seq, _fromRow()),
            cancellationToken).ConfigureAwait(false);
        CrashPoint.Reach(CrashPoint.Written);
        if (export.Files.Count > 0)
        {
            _log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"job {_jobId}: wrote {export.Files.Sum(f => (long)f.Lines):N0} rows into {export.Files.Count} request file(s), {export.Files.Sum(f => f.Bytes) / 1e6:0.0} MB, in {_time.GetElapsedTime(started).TotalSeconds:0.00} s"));
        }
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
        return LedgerReader.NextPending(connection, _jobId, Math.Max(-1, _fromRow() - 1), 1).Count > 0;
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
