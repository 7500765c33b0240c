using System.Text;

namespace BatchAi.Daemon.Ingest;

/// <summary>Picks the text encoding of a CSV/JSON file: the user's override, else its BOM, else UTF-8 if the opening bytes are valid UTF-8, else GB18030 (what Chinese Excel saves as "CSV").</summary>
internal static class TextEncodings
{
    private const int SampleSize = 64 * 1024;

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("gb18030");

    /// <summary>Makes sure code-page encodings (GB18030, the legacy .xls code pages) can be named.</summary>
    public static void EnsureRegistered()
    {
        // The static constructor does the work.
    }

    public static Encoding FromName(string name, string file)
    {
        try
        {
            return name.Trim().ToLowerInvariant() switch
            {
                "utf-8" or "utf8" => new UTF8Encoding(false),
                "utf-16" or "utf16" or "utf-16le" => Encoding.Unicode,
                "utf-16be" => Encoding.BigEndianUnicode,
                _ => Encoding.GetEncoding(name.Trim()),
            };
        }
        catch (ArgumentException ex)
        {
            throw new DatasetException(DatasetErrorCodes.UnsupportedFormat,
                $"Unknown text encoding '{name}' for {file}; try utf-8, utf-16, utf-16be or gb18030.", file, field: "encoding", inner: ex);
        }
    }

    public static async Task<Encoding> DetectAsync(string path, string? overrideName, CancellationToken cancellationToken)
    {
        if (overrideName is not null)
        {
            return FromName(overrideName, path);
        }

        await using var stream = DatasetFile.OpenRead(path);
        var buffer = new byte[SampleSize];
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Detect(buffer.AsSpan(0, length), reachedEnd: length < buffer.Length);
    }

    public static Encoding Detect(ReadOnlySpan<byte> sample, bool reachedEnd)
    {
        if (sample.StartsWith("\xEF\xBB\xBF"u8))
        {
            return new UTF8Encoding(false);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        return IsUtf8(sample, reachedEnd) ? new UTF8Encoding(false) : Gb18030;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample, bool reachedEnd)
    {
        if (!reachedEnd)
        {
            // The sample may end inside a multi-byte character; drop that partial character.
            var cut = sample.Length;
            for (var back = 1; back <= 3 && back <= sample.Length; back++)
            {
                var b = sample[^back];
                if ((b & 0xC0) == 0xC0)
                {
                    cut = sample.Length - back;
                    break;
                }

                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            sample = sample[..cut];
        }

        return System.Text.Unicode.Utf8.IsValid(sample);
    }
}
