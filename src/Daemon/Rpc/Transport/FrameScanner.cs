using System.Buffers;
using System.Text;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Synchronous searches over buffered input; kept apart from the async handler because SequenceReader cannot live across an await.</summary>
internal static class FrameScanner
{
    private static ReadOnlySpan<byte> HeaderTerminator => "\r\n\r\n"u8;

    private static ReadOnlySpan<byte> ContentLengthName => "content-length:"u8;

    /// <summary>
    /// Finds a complete header block. Blank lines before it are skipped, because some clients end a body with "\r\n".
    /// Returns false when more data is needed; <paramref name="consumed"/> is then how far the caller may advance.
    /// </summary>
    public static bool TryReadHeaderBlock(ReadOnlySequence<byte> buffer, out string block, out SequencePosition consumed, out long pendingBytes)
    {
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        consumed = reader.Position;
        pendingBytes = reader.Remaining;
        block = "";
        if (!reader.TryReadTo(out ReadOnlySequence<byte> header, HeaderTerminator, advancePastDelimiter: true))
        {
            return false;
        }

        // Latin-1 maps every byte to one char, so a stray non-ASCII byte shows up in the error instead of throwing.
        block = Encoding.Latin1.GetString(header);
        consumed = reader.Position;
        pendingBytes = header.Length;
        return true;
    }

    /// <summary>
    /// After a header block without a usable Content-Length the body's extent is unknown.
    /// Skip to the next "Content-Length:" (any case). Heuristic: a body that itself contains that text inside a string can mislead it, which at worst costs another error reply.
    /// Returns true when found (<paramref name="consumed"/> is its start); false when the caller should discard up to <paramref name="consumed"/> and read more.
    /// </summary>
    public static bool TrySkipToContentLength(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> candidate = stackalloc byte[ContentLengthName.Length];
        while (reader.TryAdvanceToAny("Cc"u8, advancePastDelimiter: false))
        {
            if (!reader.TryCopyTo(candidate))
            {
                // Possible match cut off at the end of the buffer: keep it for the next read.
                consumed = reader.Position;
                return false;
            }

            if (Ascii.EqualsIgnoreCase(candidate, ContentLengthName))
            {
                consumed = reader.Position;
                return true;
            }

            reader.Advance(1);
        }

        consumed = buffer.End;
        return false;
    }
}
