namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>A read-only stream of one line repeated, so a test can upload tens of megabytes without holding them.</summary>
internal sealed class RepeatingStream(byte[] line, int times) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => (long)line.Length * times;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && _position < Length)
        {
            var at = (int)(_position % line.Length);
            var n = Math.Min(count - written, line.Length - at);
            Array.Copy(line, at, buffer, offset + written, n);
            written += n;
            _position += n;
        }
        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
