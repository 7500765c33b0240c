namespace BatchAi.Daemon.Tests.Rpc.Transport;

/// <summary>
/// An output stream whose writes wait until <see cref="Open"/> is called, and which counts writes that start while another is still in progress.
/// It lets a test hold a message mid-write and see whether anything else writes the stream concurrently.
/// </summary>
internal sealed class GatedWriteStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstWriteStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;
    private int _overlapping;

    public Task FirstWriteStarted => _firstWriteStarted.Task;

    public int OverlappingWrites => Volatile.Read(ref _overlapping);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public void Open() => _gate.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _active) > 1)
        {
            Interlocked.Increment(ref _overlapping);
        }

        try
        {
            _firstWriteStarted.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => throw new NotSupportedException("synchronous I/O would bypass the gate");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous I/O would bypass the gate");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
