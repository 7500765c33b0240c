using System.Buffers;
using System.IO.Pipelines;
using StreamJsonRpc;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>The byte-level reading primitives of <see cref="FramedMessageHandler"/>.</summary>
internal sealed partial class FramedMessageHandler
{
    /// <summary>Returns the header block text, or null when the input ended (cleanly between frames, or mid-header, which is logged).</summary>
    private async ValueTask<string?> ReadHeaderBlockAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            bool found = FrameScanner.TryReadHeaderBlock(read.Buffer, out string block, out SequencePosition consumed, out long pending);
            if (found && pending <= _options.MaxHeaderBytes)
            {
                _reader.AdvanceTo(consumed);
                return block;
            }

            if (pending > _options.MaxHeaderBytes)
            {
                _reader.AdvanceTo(consumed);
                await RejectAsync(FrameRejection.ParseError($"no complete header within {_options.MaxHeaderBytes} bytes (expected 'Content-Length: N' and a blank line, each line ending in \\r\\n); closing the connection"), cancellationToken).ConfigureAwait(false);
                throw new BadRpcHeaderException($"Header block exceeds {_options.MaxHeaderBytes} bytes.");
            }

            if (read.IsCompleted)
            {
                _reader.AdvanceTo(read.Buffer.End);
                if (pending > 0)
                {
                    _options.Log?.Invoke($"Input ended inside a frame header ({pending} bytes).");
                }

                return null;
            }

            _reader.AdvanceTo(consumed, read.Buffer.End);
        }
    }

    /// <summary>Returns exactly <paramref name="length"/> bytes in a fresh array, or null when the input ended first.</summary>
    /// <remarks>A fresh array, not the pipe's buffer: the formatter's JsonDocument keeps referencing the bytes after we advance the reader.</remarks>
    private async ValueTask<byte[]?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return [];
        }

        ReadResult read;
        try
        {
            read = await _reader.ReadAtLeastAsync(length, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // A peer that hangs up with data still unread on its side resets the socket instead of ending it: the same end.
            _options.Log?.Invoke($"Input ended inside a frame body (the peer reset the connection: {e.Message}).");
            return null;
        }

        if (read.Buffer.Length < length)
        {
            _reader.AdvanceTo(read.Buffer.End);
            _options.Log?.Invoke($"Input ended inside a frame body ({read.Buffer.Length} of {length} bytes).");
            return null;
        }

        ReadOnlySequence<byte> body = read.Buffer.Slice(0, length);
        byte[] copy = body.ToArray();
        _reader.AdvanceTo(body.End);
        return copy;
    }

    /// <summary>Discards a body of known length chunk by chunk, never holding it all. False when the input ended first.</summary>
    private async ValueTask<bool> SkipBytesAsync(long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            ReadResult read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            long take = Math.Min(length, read.Buffer.Length);
            _reader.AdvanceTo(read.Buffer.GetPosition(take));
            length -= take;
            if (length > 0 && read.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Discards input up to the next "Content-Length:". False when the input ended first.</summary>
    private async ValueTask<bool> SkipToNextHeaderAsync(CancellationToken cancellationToken)
    {
        long skipped = 0;
        while (true)
        {
            ReadResult read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            bool found = FrameScanner.TrySkipToContentLength(read.Buffer, out SequencePosition consumed);
            skipped += read.Buffer.Slice(0, consumed).Length;
            if (found)
            {
                _reader.AdvanceTo(consumed);
                _resynchronising = false;
                _options.Log?.Invoke($"Resynchronised after skipping {skipped} bytes.");
                return true;
            }

            if (read.IsCompleted)
            {
                _reader.AdvanceTo(read.Buffer.End);
                return false;
            }

            _reader.AdvanceTo(consumed, read.Buffer.End);
        }
    }
}
