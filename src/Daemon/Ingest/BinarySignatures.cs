namespace BatchAi.Daemon.Ingest;

/// <summary>
/// The opening bytes of binary formats people end up giving as a dataset (a workbook, a PDF or an archive renamed,
/// an image, a database file). Only text formats are checked against it: .xlsx is itself a zip and ExcelDataReader reads it.
/// </summary>
internal static class BinarySignatures
{
    // Each signature starts with a byte no text file starts with (a NUL, a C0 control, or a byte that is not valid UTF-8
    // at the start), or is long enough that a line of real text would not begin with it.
    private static readonly (byte[] Magic, string What)[] Known =
    [
        ([0x50, 0x4B, 0x03, 0x04], "a zip archive (an .xlsx workbook renamed? then name it .xlsx)"),
        ([0x50, 0x4B, 0x05, 0x06], "an empty zip archive"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an OLE compound file (a legacy .xls workbook renamed, or a password-protected one?)"),
        ([.. "%PDF-"u8], "a PDF document"),
        ([0x89, .. "PNG\r\n\x1A\n"u8], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ([.. "GIF87a"u8], "a GIF image"),
        ([.. "GIF89a"u8], "a GIF image"),
        ([0x1F, 0x8B], "a gzip archive"),
        ([.. "7z"u8, 0xBC, 0xAF, 0x27, 0x1C], "a 7z archive"),
        ([.. "Rar!\x1A\x07"u8], "a RAR archive"),
        ([0xFD, .. "7zXZ"u8, 0x00], "an xz archive"),
        ([0x28, 0xB5, 0x2F, 0xFD], "a zstd archive"),
        ([0x7F, .. "ELF"u8], "an ELF executable"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a Java class or Mach-O file"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a Mach-O executable"),
        ([0x00, .. "asm"u8], "a WebAssembly module"),
        ([.. "SQLite format 3\0"u8], "a SQLite database"),
        ([.. "ARROW1\0\0"u8], "an Arrow file"),
        ([0x89, .. "HDF\r\n\x1A\n"u8], "an HDF5 file"),
        ([.. "OggS\0"u8], "an Ogg media file"),
        ([.. "II*\0"u8], "a TIFF image"),
        ([.. "MM\0*"u8], "a TIFF image"),
    ];

    /// <summary>What the sample's opening bytes say the file is, or null when they match no known binary format.</summary>
    public static string? Match(ReadOnlySpan<byte> sample)
    {
        foreach (var (magic, what) in Known)
        {
            if (sample.StartsWith(magic))
            {
                return what;
            }
        }

        // These magics could open a line of text; a real header follows them with binary fields, so those are checked too.
        if (sample.StartsWith("PAR1"u8) && sample.Length > 4 && IsBinaryByte(sample[4]))
        {
            return "a Parquet file";
        }

        if (IsBzip2(sample))
        {
            return "a bzip2 archive";
        }

        if (sample.StartsWith("MZ"u8) && sample[..Math.Min(sample.Length, 64)].Contains((byte)0))
        {
            return "a Windows executable (PE/MZ)";
        }

        if (sample.Length >= 12 && sample.StartsWith("RIFF"u8) && sample[8..12].SequenceEqual("WEBP"u8))
        {
            return "a WebP image";
        }

        return sample.Length >= 12 && sample[4..8].SequenceEqual("ftyp"u8) && sample[..4].Contains((byte)0) ? "an MP4/QuickTime media file" : null;
    }

    private static bool IsBinaryByte(byte b) => b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r');

    // "BZh" + block size digit + the block magic 0x314159265359 (pi), so a text starting "BZh" is not taken for one.
    private static bool IsBzip2(ReadOnlySpan<byte> sample) =>
        sample.Length >= 10 && sample.StartsWith("BZh"u8) && sample[3] is >= (byte)'1' and <= (byte)'9' && sample[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59]);
}
