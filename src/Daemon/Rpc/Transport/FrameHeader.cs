using System.Globalization;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// The parsed header block of one LSP-style frame.
/// <see cref="ContentLength"/> is -1 when it could not be determined; then the body's extent is unknown and the reader must resynchronise.
/// <see cref="Error"/> is set when the frame must be rejected (possibly with a known length, e.g. an unsupported charset, so the body can be skipped exactly).
/// </summary>
internal readonly record struct FrameHeader(long ContentLength, string? Error)
{
    public static FrameHeader Parse(string block)
    {
        long length = -1;
        string? error = null;
        foreach (string line in block.Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0)
            {
                return new(-1, $"malformed header line '{Shorten(line)}' (expected 'Name: value')");
            }

            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                // NumberStyles.None: digits only, so "-1", "+5", "0x10" and "5 6" are all rejected.
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
                {
                    return new(-1, $"invalid Content-Length value '{Shorten(value)}'");
                }

                if (length >= 0 && length != parsed)
                {
                    return new(-1, "conflicting Content-Length headers");
                }

                length = parsed;
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                error ??= CheckCharset(value);
            }

            // Other headers are ignored, as the LSP base protocol allows.
        }

        return length < 0 ? new(-1, "missing Content-Length header") : new(length, error);
    }

    /// <summary>
    /// A header block whose start is garbage but which ends in a real header, e.g. the rest of a body sent with a Content-Length
    /// that was too small, running into the next frame's "Content-Length: N". Returns the real header (the text from the last
    /// "Content-Length:" on) and how many characters of garbage precede it, so that frame is served instead of skipped.
    /// </summary>
    public static bool TryParseAfterGarbage(string block, out FrameHeader header, out int garbageLength)
    {
        header = default;
        garbageLength = block.LastIndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (garbageLength <= 0)
        {
            return false;
        }

        header = Parse(block[garbageLength..]);
        return header.ContentLength >= 0;
    }

    private static string? CheckCharset(string contentType)
    {
        foreach (string parameter in contentType.Split(';').Skip(1))
        {
            string[] pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0].Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                string charset = pair[1].Trim('"');

                // LSP accepts "utf8" for compatibility with an early spec bug.
                if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
                {
                    return $"unsupported charset '{Shorten(charset)}' (only utf-8 is accepted)";
                }
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
