using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class ExcelDatasetSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OpenAsync_Xlsx_ReadsHeaderAndRowsWithChinese()
    {
        var path = _dir.File("q.xlsx");
        XlsxWriter.Write(path, ["id", "问题"], [1, "什么是量子计算？"], [2, "Why is the sky blue?"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("xlsx", source.Format);
        Assert.Equal(["id", "问题"], source.Columns);
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal(["1", "什么是量子计算？"], rows[0].Cells);
        Assert.Equal(["2", "Why is the sky blue?"], rows[1].Cells);
    }

    [Fact]
    public async Task ReadRowsAsync_LeadingAndInnerEmptyRows_SkipsThemWithContiguousIndexes()
    {
        var path = _dir.File("gaps.xlsx");
        XlsxWriter.Write(path, null, [], ["question"], ["a"], null, [null, null], ["b"], ["c"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["question"], source.Columns);
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Index));
        Assert.Equal([4L, 7L, 8L], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ReadRowsAsync_NumbersDatesBools_RenderedAsAPersonSeesThem()
    {
        var path = _dir.File("types.xlsx");
        XlsxWriter.Write(path,
            ["whole", "fraction", "date", "datetime", "flag", "big"],
            [3.0, 2.5, new DateTime(2024, 3, 9), new DateTime(2024, 3, 9, 14, 5, 6), true, 12345678901234d],
            [-7, 0.1, new DateTime(1999, 12, 31), new DateTime(2000, 1, 1, 0, 0, 1), false, 1e20]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["3", "2.5", "2024-03-09", "2024-03-09 14:05:06", "TRUE", "12345678901234"], rows[0].Cells);
        Assert.Equal(["-7", "0.1", "1999-12-31", "2000-01-01 00:00:01", "FALSE", "1E+20"], rows[1].Cells);
    }

    [Fact]
    public async Task OpenAsync_BlankAndDuplicateHeaders_GetGeneratedNames()
    {
        var path = _dir.File("headers.xlsx");
        XlsxWriter.Write(path, ["q", null, "q", " answer "], ["1", "2", "3", "4"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        Assert.Equal(["q", "column2", "column3", "answer"], source.Columns);
    }

    [Fact]
    public async Task ReadRowsAsync_RowWiderThanHeader_ExtendsColumns()
    {
        var path = _dir.File("wide.xlsx");
        XlsxWriter.Write(path, ["q"], ["a"], ["b", "extra"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["q", "column2"], source.Columns);
        Assert.Null(rows[0].Cell(1));
        Assert.Equal(["b", "extra"], rows[1].Cells);
    }

    [Theory]
    [InlineData("Second", "from second")]
    [InlineData("second", "from second")]
    [InlineData("1", "from second")]
    [InlineData("2", "from third")]
    [InlineData(null, "from first")]
    public async Task OpenAsync_SheetByNameOrIndex_ReadsThatSheet(string? sheet, string expected)
    {
        var path = _dir.File("sheets.xlsx");
        XlsxWriter.Write(path,
            new XlsxSheet("First", [["q"], ["from first"]]),
            new XlsxSheet("Second", [["q"], ["from second"]]),
            new XlsxSheet("Third", [["q"], ["from third"]]));

        await using var source = await DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(Sheet: sheet));
        var rows = await source.ReadAllAsync();

        Assert.Equal(expected, Assert.Single(rows).Cell(0));
    }

    [Fact]
    public async Task OpenAsync_UnknownSheet_ThrowsListingTheSheets()
    {
        var path = _dir.File("sheets.xlsx");
        XlsxWriter.Write(path, new XlsxSheet("数据", [["q"]]), new XlsxSheet("Notes", [["n"]]));

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(Sheet: "Answers")));

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Contains("'Answers'", ex.Message);
        Assert.Contains("'数据', 'Notes'", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("broken.xlsx")]
    [InlineData("broken.xls")]
    public async Task OpenAsync_CorruptWorkbook_ThrowsInvalidInputNamingTheFile(string name)
    {
        var path = _dir.WriteText(name, "this is not a spreadsheet, just text pretending to be one");

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path));

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Equal(path, ex.File);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_CalledTwice_ReadsTheSameRows()
    {
        var path = _dir.File("twice.xlsx");
        XlsxWriter.Write(path, ["q"], ["a"], ["b"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var first = await source.ReadAllAsync();
        var second = await source.ReadAllAsync();

        Assert.Equal(first.Select(r => r.Cell(0)), second.Select(r => r.Cell(0)));
        Assert.Equal(2, second.Count);
    }
}
