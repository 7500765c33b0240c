using System.Buffers;
using System.Text;

namespace BatchAi.Daemon.Ingest;

/// <summary>Byte-level checks that tell UTF-8, damaged UTF-8 and GB18030 apart.</summary>
internal static class Utf8Check
{
    /// <summary>The offset of the first byte that is not valid UTF-8, or -1; counts the valid multi-byte sequences and the invalid bytes.</summary>
    public static int FirstInvalid(ReadOnlySpan<byte> bytes, out int validMultiByte, out int invalidCount)
    {
        validMultiByte = 0;
        invalidCount = 0;
        var first = -1;
        var i = 0;
        while (i < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                validMultiByte += consumed > 1 ? 1 : 0;
            }
            else
            {
                invalidCount++;
                first = first < 0 ? i : first;
            }

            i += Math.Max(1, consumed);
        }

        return first;
    }

    /// <summary>Whether the bytes decode as GB18030 without error and what is not ASCII is mostly Chinese.</summary>
    public static bool ReadsAsGb18030(ReadOnlySpan<byte> bytes, Encoding gb18030)
    {
        var strict = Encoding.GetEncoding(gb18030.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        string text;
        try
        {
            text = strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var nonAscii = 0;
        var chinese = 0;
        foreach (var c in text)
        {
            if (c > '\u007F')
            {
                nonAscii++;
                chinese += c is >= '\u4E00' and <= '\u9FFF' or >= '\u3000' and <= '\u303F' or >= '\uFF00' and <= '\uFFEF' ? 1 : 0;
            }
        }

        return chinese * 10 >= nonAscii * 7;
    }

    /// <summary>
    /// The 1-based line of the first invalid UTF-8 byte in the file, or null. Only called once a decoder
    /// has failed: a reader decodes a buffer ahead of the record it parses, so its own count is too early.
    /// </summary>
    public static async Task<long?> FindInvalidLineAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = DatasetFile.OpenRead(path);
        var buffer = new byte[1024 * 1024];
        var carried = 0;
        long line = 1;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(carried), cancellationToken).ConfigureAwait(false);
            var length = carried + read;
            var at = Scan(buffer.AsSpan(0, length), final: read == 0, ref line, out var consumed);
            if (at || read == 0)
            {
                return at ? line : null;
            }

            carried = length - consumed;
            buffer.AsSpan(consumed, carried).CopyTo(buffer);
        }
    }

    // Counts lines up to the first invalid sequence (true) or the end; an incomplete sequence at the end of a chunk waits for the next.
    private static bool Scan(ReadOnlySpan<byte> bytes, bool final, ref long line, out int consumed)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[i..], out var rune, out var length);
            if (status == OperationStatus.NeedMoreData && !final)
            {
                break;
            }

            if (status != OperationStatus.Done)
            {
                consumed = i;
                return true;
            }

            line += rune.Value == '\n' ? 1 : 0;
            i += length;
        }

        consumed = i;
        return false;
    }

    /// <summary>The 1-based line of <paramref name="offset"/>.</summary>
    public static long LineOf(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1L;
}
