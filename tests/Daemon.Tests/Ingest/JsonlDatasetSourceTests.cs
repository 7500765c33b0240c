using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class JsonlDatasetSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadRowsAsync_ObjectsAndStrings_ColumnsAndRows()
    {
        var path = _dir.WriteText("q.jsonl", """
            {"id": 1, "prompt": "写一首诗"}
            "just a string"
            {"prompt": "Second", "id": 2, "extra": {"k": [1, 2]}}
            """);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("jsonl", source.Format);
        Assert.Equal(["id", "prompt", "question", "extra"], source.Columns);
        Assert.Equal(["1", "写一首诗", null, null], rows[0].Padded(source));
        Assert.Equal([null, null, "just a string", null], rows[1].Padded(source));
        Assert.Equal(["2", "Second", null, """{"k":[1,2]}"""], rows[2].Padded(source));
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Index));
    }

    [Fact]
    public async Task ReadRowsAsync_BlankLines_SkippedWithContiguousIndexesAndTrueLineNumbers()
    {
        var path = _dir.WriteText("q.jsonl", "\n{\"q\":\"a\"}\n\n   \r\n{\"q\":\"b\"}\n\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["a", "b"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal([2L, 5L], rows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ReadRowsAsync_BrokenLine_ThrowsNamingTheLine()
    {
        var path = _dir.WriteText("q.jsonl", "{\"q\":\"a\"}\n\n{\"q\": \"unterminated}\n{\"q\":\"c\"}\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Equal(3, ex.Row);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_BrokenLinesWithSkipBadRows_SkipsAndRecordsThem()
    {
        var path = _dir.WriteText("q.jsonl", "{\"q\":\"a\"}\nnot json\n{\"q\":\"b\"}\n{oops}\n{\"q\":\"c\"}\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path, new DatasetReadOptions(SkipBadRows: true));
        var rows = await source.ReadAllAsync();
        var again = await source.ReadAllAsync();

        Assert.Equal(["a", "b", "c"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Index));
        Assert.Equal([2L, 4L], source.SkippedRows.Select(s => s.Row));
        Assert.All(source.SkippedRows, s => Assert.Contains(path, s.Error));
        Assert.Equal(3, again.Count);
    }

    [Fact]
    public async Task ReadRowsAsync_RawControlCharactersInStrings_ReadAsCharacters()
    {
        // Raw NUL, SOH, tab and ESC inside strings are not valid JSON, but a writer that left them meant these characters.
        var path = _dir.WriteText("dump.jsonl", "{\"q\":\"a\u0000b\u0001\tc\u001B\",\"k\\\"ey\":\"escaped \\u0000 stays\"}\n{\"q\":\"plain\"}\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["q", "k\"ey"], source.Columns);
        Assert.Equal(["a\u0000b\u0001\tc\u001B", "escaped \u0000 stays"], rows[0].Padded(source));
        Assert.Equal("plain", rows[1].Cell(0));
    }

    [Fact]
    public async Task ReadRowsAsync_RawControlCharacterOutsideAString_ThrowsNamingTheLine()
    {
        var path = _dir.WriteText("q.jsonl", "{\"q\":\"a\"}\n{\"q\":\u0001\"b\"}\n");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        Assert.Equal(2, ex.Row);
        Assert.Contains($"{path}, line 2: not valid JSON", ex.Message);
    }
}
