using System.Text;

namespace BatchAi.Daemon.Ingest;

/// <summary>
/// Recognises UTF-16 written without a byte order mark. Its NULs are what would make it look binary, but they fall in
/// a pattern binary data does not have: the high byte of every ASCII character (the delimiters and line breaks that
/// even a Chinese file has), so on one side of each pair only, and the whole decodes as UTF-16 into text, not controls.
/// </summary>
internal static class Utf16Guess
{
    private const int MinNuls = 4;

    public static Encoding? Detect(ReadOnlySpan<byte> sample)
    {
        var window = sample[..(Math.Min(sample.Length, BinarySniffer.NulWindow) & ~1)];
        var units = window.Length / 2;
        if (units < 2)
        {
            return null;
        }

        int even = 0, odd = 0;
        for (var i = 0; i < window.Length; i += 2)
        {
            even += window[i] == 0 ? 1 : 0;
            odd += window[i + 1] == 0 ? 1 : 0;
        }

        // Little-endian ASCII has its NULs at odd offsets; a few on the other side are characters like U+4E00 or U+0100.
        // At least a tenth of the units: even Chinese text has its delimiters, digits and line breaks in ASCII, while
        // stray NULs in UTF-8 text (a share below the binary check's) would have to fall on one side by chance.
        var bigEndian = even > odd;
        var (high, low) = bigEndian ? (even, odd) : (odd, even);
        if (high < MinNuls || high * 10 < units || low * 10 > high)
        {
            return null;
        }

        var strict = new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true);
        string text;
        try
        {
            text = strict.GetString(window);
        }
        catch (DecoderFallbackException)
        {
            // A cut window may end inside a surrogate pair; the rest must decode.
            if (!TryDecodeCut(strict, window, out text))
            {
                return null;
            }
        }

        return LooksLikeText(text) ? (bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode) : null;
    }

    private static bool TryDecodeCut(Encoding strict, ReadOnlySpan<byte> window, out string text)
    {
        text = string.Empty;
        if (window.Length < 4)
        {
            return false;
        }

        try
        {
            text = strict.GetString(window[..^2]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // Text has lines, and hardly any controls; little-endian 16-bit numbers below 256 would decode to mostly controls.
    private static bool LooksLikeText(string text)
    {
        var controls = 0;
        foreach (var c in text)
        {
            controls += char.IsControl(c) && c is not ('\t' or '\n' or '\r') ? 1 : 0;
        }

        return text.AsSpan().IndexOfAny('\n', '\r') >= 0 && controls * 100 <= text.Length;
    }
}
