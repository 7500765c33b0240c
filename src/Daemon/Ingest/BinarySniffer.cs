namespace BatchAi.Daemon.Ingest;

/// <summary>Refuses a binary file given as text (an .xlsx renamed .csv, a PDF), saying what it looks like.</summary>
internal static class BinarySniffer
{
    public static void ThrowIfBinary(ReadOnlySpan<byte> sample, string path)
    {
        var what = sample switch
        {
            [0x50, 0x4B, 0x03, 0x04, ..] => "a zip archive (an .xlsx workbook renamed? then name it .xlsx)",
            [0xD0, 0xCF, 0x11, 0xE0, ..] => "an OLE compound file (a legacy .xls workbook renamed, or a password-protected one?)",
            [0x25, 0x50, 0x44, 0x46, ..] => "a PDF document",
            _ => sample.IndexOf((byte)0) >= 0 ? "binary data (it holds NUL bytes), not text" : null,
        };
        if (what is not null)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput, $"{path} is {what}; expected UTF-8, UTF-16 or GB18030 text.", path, 1);
        }
    }
}
