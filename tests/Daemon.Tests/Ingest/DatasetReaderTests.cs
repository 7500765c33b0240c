using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class DatasetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OpenAsync_MissingFile_ThrowsInputNotFoundNamingThePath()
    {
        var path = _dir.File("nope.csv");

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path));

        Assert.Equal(DatasetErrorCodes.InputNotFound, ex.Code);
        Assert.Equal(path, ex.File);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task OpenAsync_Folder_ThrowsInputNotFound()
    {
        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(_dir.Path));

        Assert.Equal(DatasetErrorCodes.InputNotFound, ex.Code);
        Assert.Contains("folder", ex.Message);
    }

    [Theory]
    [InlineData("q.txt", "'.txt'")]
    [InlineData("q.parquet", "'.parquet'")]
    [InlineData("questions", "(no extension)")]
    public async Task OpenAsync_UnsupportedExtension_ThrowsListingSupportedOnes(string name, string named)
    {
        var path = _dir.WriteText(name, "question\na\n");

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path));

        Assert.Equal(DatasetErrorCodes.UnsupportedFormat, ex.Code);
        Assert.Contains(named, ex.Message);
        Assert.Contains(".xlsx, .xls, .csv, .tsv, .json, .jsonl", ex.Message);
    }

    [Theory]
    [InlineData("Q.CSV", "csv", "question\na\n")]
    [InlineData("Q.Tsv", "tsv", "question\na\n")]
    [InlineData("Q.JSON", "json", """["a"]""")]
    [InlineData("Q.JsonL", "jsonl", "\"a\"\n")]
    public async Task OpenAsync_ExtensionInAnyCase_PicksTheReader(string name, string format, string text)
    {
        var path = _dir.WriteText(name, text);

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        Assert.Equal(format, source.Format);
        Assert.Equal("a", Assert.Single(await source.ReadAllAsync()).Cell(0));
    }

    [Fact]
    public async Task OpenAsync_UpperCaseXlsx_PicksTheExcelReader()
    {
        var path = _dir.File("Q.XLSX");
        XlsxWriter.Write(path, ["question"], ["a"]);

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        Assert.Equal("xlsx", source.Format);
        Assert.Equal("a", Assert.Single(await source.ReadAllAsync()).Cell(0));
    }
}
