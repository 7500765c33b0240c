using System.Collections.Concurrent;

namespace BatchAi.Simulator;

/// <summary>What the Batch API saw: uploads, batches, and every line answered, so a test can check nothing was sent or answered twice.</summary>
public sealed partial class SimulatorStats
{
    private readonly ConcurrentDictionary<string, int> _uploadsByFilename = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _linesByCustomId = new(StringComparer.Ordinal);
    private long _uploads;
    private long _bytesUploaded;
    private long _batchesCreated;
    private long _batchesFinished;
    private long _linesSucceeded;
    private long _linesFailed;
    private long _linesExpired;

    /// <summary>Files uploaded to <c>POST /v1/files</c> and kept (refused uploads not counted).</summary>
    public long FileUploads => Interlocked.Read(ref _uploads);

    /// <summary>Bytes of the files counted in <see cref="FileUploads"/>.</summary>
    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    /// <summary>Batches created with <c>POST /v1/batches</c> (those that fail validation included).</summary>
    public long BatchesCreated => Interlocked.Read(ref _batchesCreated);

    /// <summary>Batches that reached an end: completed, failed, expired or cancelled.</summary>
    public long BatchesFinished => Interlocked.Read(ref _batchesFinished);

    /// <summary>Batch lines answered 200, written to an output file.</summary>
    public long BatchLinesSucceeded => Interlocked.Read(ref _linesSucceeded);

    /// <summary>Batch lines answered with an error (a share of failures, or a body the endpoint refuses), written to an error file.</summary>
    public long BatchLinesFailed => Interlocked.Read(ref _linesFailed);

    /// <summary>Batch lines left unanswered when their batch expired (<c>batch_expired</c> in the error file).</summary>
    public long BatchLinesExpired => Interlocked.Read(ref _linesExpired);

    /// <summary>Uploads per filename: a count above one is the same file sent again.</summary>
    public IReadOnlyDictionary<string, int> UploadsByFilename => new Dictionary<string, int>(_uploadsByFilename, StringComparer.Ordinal);

    /// <summary>
    /// Batch lines answered (succeeded or failed, not expired) per custom_id over every batch; a count above one is a line answered
    /// twice. Empty when <see cref="SimulatorOptions.CountByQuestion"/> is off, for the same memory reason.
    /// </summary>
    public IReadOnlyDictionary<string, int> BatchLinesByCustomId => new Dictionary<string, int>(_linesByCustomId, StringComparer.Ordinal);

    internal void RecordUpload(string filename, long bytes)
    {
        Interlocked.Increment(ref _uploads);
        Interlocked.Add(ref _bytesUploaded, bytes);
        _uploadsByFilename.AddOrUpdate(filename, 1, static (_, n) => n + 1);
        Signal();
    }

    internal void RecordBatchCreated() => Count(ref _batchesCreated);

    internal void RecordBatchFinished() => Count(ref _batchesFinished);

    /// <param name="customId">The line's custom_id, or null when lines are not counted one by one.</param>
    internal void RecordBatchLine(string? customId, bool succeeded)
    {
        Interlocked.Increment(ref succeeded ? ref _linesSucceeded : ref _linesFailed);
        if (customId is not null)
        {
            _linesByCustomId.AddOrUpdate(customId, 1, static (_, n) => n + 1);
        }

        Signal(); // as every other counter does, so WaitUntilAsync on a line count wakes
    }

    internal void RecordBatchLinesExpired(int count)
    {
        Interlocked.Add(ref _linesExpired, count);
        Signal();
    }

    private void ResetBatchCounters()
    {
        Interlocked.Exchange(ref _uploads, 0);
        Interlocked.Exchange(ref _bytesUploaded, 0);
        Interlocked.Exchange(ref _batchesCreated, 0);
        Interlocked.Exchange(ref _batchesFinished, 0);
        Interlocked.Exchange(ref _linesSucceeded, 0);
        Interlocked.Exchange(ref _linesFailed, 0);
        Interlocked.Exchange(ref _linesExpired, 0);
        _uploadsByFilename.Clear();
        _linesByCustomId.Clear();
    }
}
