using System.Text;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class CsvDatasetSourceTests : IDisposable
{
    private const string ChineseCsv = "编号,问题\n1,什么是量子计算？\n2,天空为什么是蓝色的？\n";

    private readonly TempDirectory _dir = new();

    static CsvDatasetSourceTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadRowsAsync_SimpleCsv_ReadsColumnsRowsAndIndexes()
    {
        var path = _dir.WriteText("q.csv", "id,question\n1,What is 2+2?\n2,\"Hello, world\"\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("csv", source.Format);
        Assert.Equal(["id", "question"], source.Columns);
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal(["1", "What is 2+2?"], rows[0].Cells);
        Assert.Equal(["2", "Hello, world"], rows[1].Cells);
        Assert.Equal([2L, 3L], rows.Select(r => r.RowNumber));
    }

    public static TheoryData<string, byte[]> EncodedChinese => new()
    {
        { "utf-8", Encoding.UTF8.GetBytes(ChineseCsv) },
        { "utf-8 BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ChineseCsv)] },
        { "utf-16 LE BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(ChineseCsv)] },
        { "utf-16 BE BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(ChineseCsv)] },
        { "gb18030", Encoding.GetEncoding("gb18030").GetBytes(ChineseCsv) },
        // Without a BOM, UTF-16's many NULs must be recognised as text, not taken for binary data.
        { "utf-16 LE", Encoding.Unicode.GetBytes(ChineseCsv) },
        { "utf-16 BE", Encoding.BigEndianUnicode.GetBytes(ChineseCsv) },
    };

    [Theory]
    [MemberData(nameof(EncodedChinese))]
    public async Task ReadRowsAsync_ChineseInAnyEncoding_DetectsEncodingAndReadsText(string encoding, byte[] bytes)
    {
        var path = _dir.WriteBytes($"{encoding}.csv", bytes);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["编号", "问题"], source.Columns);
        Assert.Equal(["什么是量子计算？", "天空为什么是蓝色的？"], rows.Select(r => r.Cell(1)));
    }

    [Fact]
    public async Task ReadRowsAsync_EncodingOverride_UsesIt()
    {
        // Latin-1 bytes are not valid UTF-8, so without the override they would be read as GB18030.
        var path = _dir.WriteBytes("latin1.csv", Encoding.Latin1.GetBytes("question\nCafé crème?\n"));

        await using var source = await DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(Encoding: "iso-8859-1"));
        var rows = await source.ReadAllAsync();

        Assert.Equal("Café crème?", Assert.Single(rows).Cell(0));
    }

    [Fact]
    public async Task OpenAsync_UnknownEncodingName_ThrowsUnsupportedFormat()
    {
        var path = _dir.WriteText("q.csv", "question\na\n");

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(Encoding: "klingon-8")));

        Assert.Equal(DatasetErrorCodes.UnsupportedFormat, ex.Code);
        Assert.Contains("klingon-8", ex.Message);
    }

    [Theory]
    [InlineData(",")]
    [InlineData("\t")]
    [InlineData(";")]
    [InlineData("|")]
    public async Task OpenAsync_Delimiter_DetectedFromFirstLines(string delimiter)
    {
        // Every line holds commas inside quotes, which must not fool the detection.
        var text = string.Join("\n", [$"id{delimiter}question{delimiter}note", $"1{delimiter}\"a, b, c\"{delimiter}x", $"2{delimiter}\"d, e\"{delimiter}y"]);
        var path = _dir.WriteText("d.csv", text);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(delimiter[0], ((CsvDatasetSource)source).Delimiter);
        Assert.Equal(["id", "question", "note"], source.Columns);
        Assert.Equal(["1", "a, b, c", "x"], rows[0].Cells);
    }

    [Fact]
    public async Task OpenAsync_DelimiterOverride_WinsOverDetection()
    {
        var path = _dir.WriteText("d.csv", "a;b,c\n1;2,3\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(Delimiter: ';'));

        Assert.Equal(["a", "b,c"], source.Columns);
    }

    [Fact]
    public async Task OpenAsync_TsvWithSingleColumn_UsesTab()
    {
        var path = _dir.WriteText("q.tsv", "question\nWhat, exactly, is this?\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("tsv", source.Format);
        Assert.Equal(["question"], source.Columns);
        Assert.Equal("What, exactly, is this?", Assert.Single(rows).Cell(0));
    }

    [Fact]
    public async Task ReadRowsAsync_QuotedNewlines_StayInOneCell()
    {
        var path = _dir.WriteText("nl.csv", "question,id\r\n\"line one\r\nline two\nline three\",1\r\nnext,2\r\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(2, rows.Count);
        Assert.Equal("line one\r\nline two\nline three", rows[0].Cell(0));
        Assert.Equal(["next", "2"], rows[1].Cells);
        Assert.Equal([2L, 5L], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ReadRowsAsync_RaggedRows_PaddedOrKeptWithExtraColumns()
    {
        var path = _dir.WriteText("ragged.csv", "a,b,c\n1\n1,2,3,4\n1,2\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["a", "b", "c", "column4"], source.Columns);
        Assert.Equal(["1", null, null], rows[0].Cells);
        Assert.Equal(["1", "2", "3", "4"], rows[1].Cells);
        Assert.Equal(["1", "2", null, null], rows[2].Cells);
    }

    [Fact]
    public async Task ReadRowsAsync_BlankLinesAndEmptyRecords_Skipped()
    {
        var path = _dir.WriteText("blank.csv", "\n\nquestion,x\n\na,1\n,\n   ,  \nb,2\n\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["question", "x"], source.Columns);
        Assert.Equal(["a", "b"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
    }

    [Fact]
    public async Task OpenAsync_BlankAndDuplicateHeaders_GetGeneratedNames()
    {
        var path = _dir.WriteText("h.csv", "question,,question,column3\n1,2,3,4\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        // The real header "column3" clashes with the name generated for the repeated "question".
        Assert.Equal(["question", "column2", "column3", "column4"], source.Columns);
    }

    [Fact]
    public async Task ReadRowsAsync_MalformedQuote_ThrowsWithLineNumber()
    {
        var path = _dir.WriteText("bad.csv", "question\nfine\nalso fine\n\"broken\"field\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Equal(4, ex.Row);
        Assert.Contains("line 4", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_MalformedQuoteWithSkipBadRows_SkipsAndRecordsIt()
    {
        var path = _dir.WriteText("bad.csv", "question\nfine\n\"broken\"field\nlast\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(SkipBadRows: true));
        var rows = await source.ReadAllAsync();

        Assert.Equal(["fine", "last"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal(3, Assert.Single(source.SkippedRows).Row);
    }

    [Fact]
    public async Task ReadRowsAsync_LiteralQuoteInsideUnquotedField_KeptAsText()
    {
        var path = _dir.WriteText("q.csv", "question,id\nhe said \"hi\" twice,1\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["he said \"hi\" twice", "1"], Assert.Single(rows).Cells);
    }

    [Fact]
    public async Task ReadRowsAsync_UnterminatedQuote_ThrowsWithLineNumber()
    {
        var path = _dir.WriteText("open.csv", "question,id\nok,1\n\"never closed,2\nmore,3\nrows,4\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Equal(3, ex.Row);
    }

    [Fact]
    public async Task OpenAsync_EmptyFile_HasNoColumnsAndNoRows()
    {
        var path = _dir.WriteText("empty.csv", string.Empty);

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        Assert.Empty(source.Columns);
        Assert.Empty(await source.ReadAllAsync());
    }

    [Fact]
    public async Task ReadRowsAsync_StrayNulAndControlBytesInOneCell_ReadAsCharacters()
    {
        byte[] bytes = [.. "id,question\n1,what is\0 a\u0001 stray\u001B byte\u007F?\n2,\"quoted\0\"\n3,plain\n"u8];
        var path = _dir.WriteBytes("dump.csv", bytes);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("utf-8", source.EncodingName);
        Assert.Equal(["what is\0 a\u0001 stray\u001B byte\u007F?", "quoted\0", "plain"], rows.Select(r => r.Cell(1)));
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ReadRowsAsync_Utf16WithBomAndANulCharacter_Read()
    {
        var path = _dir.WriteBytes("nul16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("question\nwhat\0 now?\n")]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("what\0 now?", Assert.Single(rows).Cell(0));
    }

    [Fact]
    public async Task OpenAsync_PngRenamedCsv_RefusedAsBinaryNamingTheFile()
    {
        var path = _dir.WriteBytes("photo.csv", [0x89, .. "PNG\r\n\x1A\n"u8, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 1, 0]);

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path));

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.StartsWith($"{path} is a PNG image", ex.Message);
    }
}
