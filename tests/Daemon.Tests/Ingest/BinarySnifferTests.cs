using System.Text;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class BinarySnifferTests
{
    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('x', 2000));

    public static TheoryData<string, byte[], string> Signatures => new()
    {
        { "png", [0x89, .. "PNG\r\n\x1A\n"u8, 0, 0, 0, 13, .. "IHDR"u8], "a PNG image" },
        { "pdf", [.. "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8], "a PDF document" },
        { "zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], "a zip archive" },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8], "a JPEG image" },
        { "gif", [.. "GIF89a"u8, 1, 0, 1, 0], "a GIF image" },
        { "gzip", [0x1F, 0x8B, 0x08, 0x00], "a gzip archive" },
        { "7z", [.. "7z"u8, 0xBC, 0xAF, 0x27, 0x1C, 0, 4], "a 7z archive" },
        { "rar", [.. "Rar!\x1A\x07\x01\x00"u8], "a RAR archive" },
        { "elf", [0x7F, .. "ELF"u8, 2, 1, 1, 0], "an ELF executable" },
        { "pe", [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00], "a Windows executable" },
        { "sqlite", [.. "SQLite format 3\0"u8, 0x10, 0x00], "a SQLite database" },
        { "parquet", [.. "PAR1"u8, 0x15, 0x04], "a Parquet file" },
        { "ole", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an OLE compound file" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void ThrowIfBinary_KnownSignature_RefusedSayingWhatItIs(string name, byte[] magic, string what)
    {
        byte[] bytes = [.. magic, .. Filler];

        var e = Assert.Throws<DatasetException>(() => BinarySniffer.ThrowIfBinary(bytes, $"{name}.csv"));

        Assert.StartsWith($"{name}.csv is {what}", e.Message);
        Assert.Equal(($"{name}.csv", 1L), (e.File, e.Row));
    }

    [Fact]
    public void ThrowIfBinary_MostlyNuls_Refused()
    {
        byte[] bytes = [.. "question\n"u8, .. new byte[4000], .. "\nhello\n"u8];

        var e = Assert.Throws<DatasetException>(() => BinarySniffer.ThrowIfBinary(bytes, "nul.csv"));

        Assert.Contains("nul.csv is binary data (4,000 of its first 4,016 bytes are NUL)", e.Message);
    }

    [Fact]
    public void ThrowIfBinary_StrayNulsAndControlBytesInCells_Text()
    {
        var text = "id,question\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},question {i}\0 with\u0001 a stray\u001B byte\u007F\n"));

        BinarySniffer.ThrowIfBinary(Encoding.UTF8.GetBytes(text), "dump.csv");
    }

    [Fact]
    public void ThrowIfBinary_NulsPastTheWindow_NotCounted()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("question\n" + new string('a', BinarySniffer.NulWindow)), .. new byte[BinarySniffer.NulWindow]];

        BinarySniffer.ThrowIfBinary(bytes, "late.csv");
    }

    [Theory]
    [InlineData("PAR1,question\n1,what?\n")]
    [InlineData("MZ,question\n1,what?\n")]
    [InlineData("BZh,question\n1,what?\n")]
    [InlineData("GIF,question\n1,what?\n")]
    public void ThrowIfBinary_TextStartingLikeAMagic_Text(string text) =>
        BinarySniffer.ThrowIfBinary(Encoding.UTF8.GetBytes(text), "q.csv");
}
