using System.Text;

namespace BatchAi.Daemon.Ingest;

/// <summary>
/// Picks the text encoding of a CSV/JSON file: the user's override, else its BOM, else UTF-16 if its
/// NULs fall as UTF-16's do, else UTF-8 if the opening bytes are valid UTF-8, else GB18030 (what Chinese
/// Excel saves as "CSV") if they read as such. A binary file (<see cref="BinarySniffer"/>), or text that
/// is neither, is refused naming the line, rather than read as garbage.
/// </summary>
internal static class TextEncodings
{
    private const int SampleSize = 64 * 1024;

    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gb18030 => Encoding.GetEncoding("gb18030");

    /// <summary>UTF-8 that throws on an invalid byte, so a damaged file is reported, not silently filled with U+FFFD.</summary>
    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
                "utf-8" or "utf8" => StrictUtf8,
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
        await using var stream = DatasetFile.OpenRead(path);
        var buffer = new byte[SampleSize];
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var sample = buffer.AsSpan(0, length);
        if (overrideName is not null)
        {
            var chosen = FromName(overrideName, path);
            if (chosen is not UnicodeEncoding)
            {
                BinarySniffer.ThrowIfBinary(sample, path);
            }

            return chosen;
        }

        return Detect(sample, reachedEnd: length < buffer.Length, path);
    }

    public static Encoding Detect(ReadOnlySpan<byte> sample, bool reachedEnd, string path = "")
    {
        if (sample.StartsWith("\xEF\xBB\xBF"u8))
        {
            return StrictUtf8;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode;
        }

        // Before the binary check: UTF-16's NULs are its ASCII characters' high bytes.
        if (Utf16Guess.Detect(sample) is { } utf16)
        {
            return utf16;
        }

        BinarySniffer.ThrowIfBinary(sample, path);
        var text = reachedEnd ? sample : WholeLines(sample);
        var invalid = Utf8Check.FirstInvalid(text, out var validMultiByte, out var invalidCount);
        if (invalid < 0)
        {
            return StrictUtf8;
        }

        // UTF-8 with a few bad bytes among many good sequences is a damaged UTF-8 file, not GB18030.
        if (validMultiByte < 4 * invalidCount && Utf8Check.ReadsAsGb18030(text, Gb18030))
        {
            return Gb18030;
        }

        throw InvalidText(path, Utf8Check.LineOf(text, invalid), $"not valid UTF-8 (byte 0x{text[invalid]:X2})");
    }

    /// <summary>The error for text that cannot be decoded, naming the file and line.</summary>
    public static DatasetException InvalidText(string path, long line, string what, Exception? inner = null) =>
        new(DatasetErrorCodes.InvalidInput,
            $"{path}, line {line}: {what}. If the file is in another encoding, name it with the encoding option (e.g. gb18030, utf-16, windows-1252).",
            path, line, inner: inner);

    /// <summary>The error for a decoder that failed while rows streamed; for UTF-8 the file is scanned for the exact line.</summary>
    public static async Task<DatasetException> InvalidTextAsync(string path, Encoding encoding, long approximateLine, Exception inner, CancellationToken cancellationToken)
    {
        var line = encoding is UTF8Encoding ? await Utf8Check.FindInvalidLineAsync(path, cancellationToken).ConfigureAwait(false) : null;
        return InvalidText(path, line ?? approximateLine, $"not valid {encoding.WebName} text", inner);
    }

    // A cut sample may end inside a character; judge only the lines it holds whole.
    private static ReadOnlySpan<byte> WholeLines(ReadOnlySpan<byte> sample)
    {
        var lastBreak = sample.LastIndexOf((byte)'\n');
        return lastBreak > 0 ? sample[..(lastBreak + 1)] : sample;
    }
}
