using System.Threading.Channels;
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
        await MarkedAsync().ConfigureAwait(false); // a line folds only into a row marked submitted in its batch
        var started = _time.GetTimestamp();
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
            $"job {_jobId}: batch {file.BatchId} folded: {answered:N0} answered, {failed:N0} failed, {again + missing:N0} to send again, in {_time.GetElapsedTime(started).TotalSeconds:0.00} s"));
        var gaveUp = await _files.FailExhaustedAsync(_jobId, _maxAttempts, now).ConfigureAwait(false);
        if (gaveUp > 0)
        {
            _log($"job {_jobId}: {gaveUp} row(s) failed after {_maxAttempts} batches without an answer");
        }

        _rowsChanged = true;
        Delete(file);
        return file with { State = BatchPhase.Folded };
    }

    /// <summary>
    /// Writes the pending rows as new request files, and takes each through its record and upload as soon as it is whole, while
    /// the next one is written: so writing, the ledger and the upload run side by side. Returns whether it wrote any.
    /// </summary>
    private async Task<bool> WriteAsync(Func<bool> maySubmit, CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() < _holdUntil)
        {
            return false;
        }

        await MarkedAsync().ConfigureAwait(false); // rows of files recorded already are submitted, not pending
        if (!HasPending())
        {
            return false;
        }

        var seq = _files.NextSeq(_jobId);
        var endpoint = _spec.AllEndpoints()[0];
        var started = _time.GetTimestamp();
        var whole = Channel.CreateUnbounded<(RequestFile File, IReadOnlyList<(long Row, string Reason)> LeftOut)>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = Task.Run(() =>
        {
            try
            {
                return RequestExport.Write(_ledger, _jobId, endpoint.Model, Dialects.For(endpoint.MaxTokensParameter, endpoint.BaseUrl),
                    row => _spec.RowRequest(row.Question, row.Conversation), Directory(_ledger, _jobId), $"{_jobId}-batch", _settings.Limits, stop.Token, seq,
                    _fromRow(), (file, leftOut) => whole.Writer.TryWrite((file, leftOut)));
            }
            finally
            {
                whole.Writer.Complete();
            }
        }, CancellationToken.None);

        var count = 0;
        var leftOutFailed = 0;
        var recorded = new List<BatchFileRecord>();
        try
        {
            await foreach (var (file, leftOut) in whole.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (count == 0)
                {
                    CrashPoint.Reach(CrashPoint.Written);
                }

                // Rows of this file's range whose request could not be built fail first, so that marking the range never takes them.
                await FailLeftOutAsync(leftOut).ConfigureAwait(false);
                leftOutFailed += leftOut.Count;
                var record = new BatchFileRecord(_jobId, seq + count, file.Path, file.Lines, file.Bytes, file.FirstRow, file.LastRow, BatchPhase.Written,
                    null, null, null, null, 0, 0, null);
                await _files.RecordAsync(record, _time.GetUtcNow()).ConfigureAwait(false);
                if (count++ == 0)
                {
                    CrashPoint.Reach(CrashPoint.Recorded); // before its rows are marked: the next daemon marks them
                }

                recorded.Add(record);
                _writtenHere.Add(record.Seq);

                _rowsChanged = true;
                // Uploaded at once; its batch is made in the round after the write, with the others', so the next file's
                // upload waits for no create and no poll.
                await StepAsync(record, maySubmit, cancellationToken, uploadOnly: true).ConfigureAwait(false);
            }
        }
        finally
        {
            // The files are at the provider, whose clock has started: now their rows are marked submitted, 50,000 rewritten a file
            // (seconds of the ledger's time at a million rows, which the uploads did not wait for). Nothing looks for pending rows
            // or folds a batch before they are (MarkedAsync), and a daemon that dies first marks them when it starts again.
            _marking.AddRange(recorded.Select(_files.MarkRowsAsync));
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await writing.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the loop: its partial file is deleted, and its rows are still pending.
            }
        }

        var export = await writing.ConfigureAwait(false);
        await FailLeftOutAsync(export.LeftOut.Skip(leftOutFailed).ToList()).ConfigureAwait(false);
        _rowsChanged |= export.LeftOut.Count > 0;
        await MarkedAsync().ConfigureAwait(false);
        if (export.Files.Count > 0)
        {
            _log(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"job {_jobId}: wrote {export.Files.Sum(f => (long)f.Lines):N0} rows into {export.Files.Count} request file(s), {export.Files.Sum(f => f.Bytes) / 1e6:0.0} MB, and sent them, in {_time.GetElapsedTime(started).TotalSeconds:0.00} s"));
        }

        return export.Files.Count > 0 || export.LeftOut.Count > 0;
    }

    /// <summary>A row whose request cannot be built (an image that cannot be read) fails, as it would online.</summary>
    private Task FailLeftOutAsync(IReadOnlyList<(long Row, string Reason)> leftOut)
    {
        if (leftOut.Count == 0)
        {
            return Task.CompletedTask;
        }

        var now = _time.GetUtcNow();
        return _ledger.FoldAsync(leftOut.Select(l => new RowResult(_jobId, l.Row, RowState.Failed, 0, null, null, null, null, null,
            $"row {l.Row}: {l.Reason}", now, 0)).ToList());
    }

    /// <summary>Waits until the rows of every file recorded so far are marked submitted: before pending rows are looked for, or a batch folded.</summary>
    private async Task MarkedAsync()
    {
        if (!_remarked)
        {
            // A daemon that died between recording a file and marking its rows left them pending: they are the file's.
            _remarked = true;
            await _files.MarkUnfoldedAsync(_jobId).ConfigureAwait(false);
        }

        var marking = _marking.ToArray();
        _marking.Clear();
        await Task.WhenAll(marking).ConfigureAwait(false);
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
