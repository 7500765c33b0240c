namespace BatchAi.Daemon.Providers;

/// <summary>
/// A response body that notes when bytes last arrived: a provider holding a request under load sends keep-alives
/// (DeepSeek: empty lines or <c>: keep-alive</c> SSE comments) before the answer, and a slow start is not a dead request.
/// </summary>
internal sealed class ActivityStream(Stream inner, Action onBytes) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Noted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Noted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Noted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Noted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Noted(int read)
    {
        if (read > 0)
        {
            onBytes();
        }

        return read;
    }
}
