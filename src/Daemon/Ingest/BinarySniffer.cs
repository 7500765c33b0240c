namespace BatchAi.Daemon.Ingest;

/// <summary>
/// Refuses a binary file given as text (an .xlsx renamed .csv, a PDF, an image, a database), saying what it looks like.
/// A file is binary only when it looks so: a known signature, or NULs making up a real share of its opening bytes.
/// A stray NUL or other control byte in a cell (database dumps and old exports have them) is a character, for the
/// cleaner's <c>control</c> rule to remove.
/// </summary>
internal static class BinarySniffer
{
    /// <summary>How much of the file the NUL share is measured over.</summary>
    internal const int NulWindow = 8 * 1024;

    /// <summary>
    /// More NULs than this share of the window make a file binary. Text has none, or a few per damaged cell; binary
    /// structures (executables, databases, UTF-32) are full of them. Random or compressed bytes have about 0.4% and are
    /// refused anyway, as text that is not UTF-8 nor GB18030. UTF-16 has about half, but is recognised before this check.
    /// </summary>
    internal const double MaxNulShare = 0.10;

    public static void ThrowIfBinary(ReadOnlySpan<byte> sample, string path)
    {
        var what = BinarySignatures.Match(sample);
        if (what is null)
        {
            var window = sample[..Math.Min(sample.Length, NulWindow)];
            var nuls = window.Count((byte)0);
            what = nuls > MaxNulShare * window.Length ? $"binary data ({nuls:N0} of its first {window.Length:N0} bytes are NUL), not text" : null;
        }

        if (what is not null)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput, $"{path} is {what}; expected UTF-8, UTF-16 or GB18030 text.", path, 1);
        }
    }
}
