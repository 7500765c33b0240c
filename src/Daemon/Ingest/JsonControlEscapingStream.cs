using System.Buffers;

namespace BatchAi.Daemon.Ingest;

/// <summary>A read-only view of a UTF-8 JSON stream through a <see cref="JsonControlEscaper"/>, for System.Text.Json to stream from. The inner stream is left open.</summary>
internal sealed class JsonControlEscapingStream(Stream inner) : Stream
{
    private const int ChunkSize = 16 * 1024;

    private readonly JsonControlEscaper _escaper = new();
    private readonly byte[] _chunk = new byte[ChunkSize];
    private readonly ArrayBufferWriter<byte> _escaped = new(ChunkSize);
    private int _served;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (Pending.IsEmpty)
        {
            var read = await inner.ReadAsync(_chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            Escape(read);
        }

        return Serve(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (Pending.IsEmpty)
        {
            var read = inner.Read(_chunk);
            if (read == 0)
            {
                return 0;
            }

            Escape(read);
        }

        return Serve(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private ReadOnlySpan<byte> Pending => _escaped.WrittenSpan[_served..];

    private void Escape(int read)
    {
        _escaped.ResetWrittenCount();
        _served = 0;
        _escaper.Write(_chunk.AsSpan(0, read), _escaped);
    }

    private int Serve(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, Pending.Length);
        Pending[..count].CopyTo(buffer);
        _served += count;
        return count;
    }
}
