using System.Text;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class TextEncodingsTests
{
    static TextEncodingsTests() => TextEncodings.EnsureRegistered();

    [Fact]
    public void Detect_Gb18030Text_Gb18030()
    {
        var bytes = Encoding.GetEncoding("gb18030").GetBytes("问题\n你好，世界！这是一个中文问题吗？\n第二行也是中文。\n");

        Assert.Equal("gb18030", TextEncodings.Detect(bytes, reachedEnd: true, "f.csv").WebName);
    }

    [Fact]
    public void Detect_Utf8WithStrayBytes_RefusedNamingLine()
    {
        var bytes = Encoding.UTF8.GetBytes("question\n中文问题一\n中文问题二\n").Concat(new byte[] { 0x41, 0xC0, 0x0A }).ToArray();

        var e = Assert.Throws<DatasetException>(() => TextEncodings.Detect(bytes, reachedEnd: true, "f.csv"));

        Assert.Equal(4, e.Row);
        Assert.Contains("f.csv, line 4: not valid UTF-8 (byte 0xC0)", e.Message);
    }

    [Fact]
    public void Detect_Latin1Text_RefusedSuggestingEncoding()
    {
        var bytes = Encoding.Latin1.GetBytes("question\nWhat is a café au lait?\n");

        var e = Assert.Throws<DatasetException>(() => TextEncodings.Detect(bytes, reachedEnd: true, "f.csv"));

        Assert.Contains("windows-1252", e.Message);
    }

    [Fact]
    public async Task ReadRows_InvalidUtf8PastTheSample_ErrorNamesTheLine()
    {
        using var dir = new TestSupport.TempDirectory();
        var text = "question\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"question number {i} 中文\n"));
        var bytes = Encoding.UTF8.GetBytes(text).Concat(new byte[] { 0xFF, 0x0A }).ToArray();
        var path = dir.WriteBytes("late.csv", bytes);
        await using var source = await DatasetReader.OpenAsync(path, null, TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<DatasetException>(async () => await TestSupport.DatasetTestHelpers.ReadAllAsync(source));

        Assert.Contains("not valid utf-8", e.Message);
        Assert.Equal(5002, e.Row);
    }

    [Theory]
    [InlineData(false, "utf-16")]
    [InlineData(true, "utf-16BE")]
    public void Detect_Utf16WithoutBom_Utf16(bool bigEndian, string expected)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes("id,question\n1,What is DNS?\n2,什么是量子计算？\n");

        Assert.Equal(expected, TextEncodings.Detect(bytes, reachedEnd: true, "f.csv").WebName);
    }

    [Fact]
    public void Detect_Utf8WithStrayNulsOnOneSide_StillUtf8()
    {
        // Four NULs, all at even offsets: on one side as UTF-16's are, but far too few for UTF-16 text.
        var text = new StringBuilder("id,question\n");
        for (var i = 0; text.Length < 400; i++)
        {
            text.Append(i % 10).Append(",question ").Append(i).Append('\n');
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        foreach (var at in new[] { 40, 120, 200, 280 })
        {
            bytes[at] = 0;
        }

        Assert.Equal("utf-8", TextEncodings.Detect(bytes, reachedEnd: true, "f.csv").WebName);
    }
}
