using System.Text;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class JsonDatasetSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadRowsAsync_ArrayOfStrings_OneQuestionColumn()
    {
        var path = _dir.WriteText("q.json", """["什么是量子计算？", "Why is the sky blue?"]""");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal("json", source.Format);
        Assert.Equal(["question"], source.Columns);
        Assert.Equal(["什么是量子计算？", "Why is the sky blue?"], rows.Select(r => r.Cell(0)));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
    }

    [Fact]
    public async Task ReadRowsAsync_ArrayOfObjects_ColumnsAreUnionOfKeysInFirstSeenOrder()
    {
        var path = _dir.WriteText("q.json", """
            [
              {"id": 1, "问题": "一加一等于几？"},
              {"问题": "Second", "tags": ["a", "b"], "ok": true},
              {"id": 3.5, "meta": {"source": "网站", "n": null}, "问题": null}
            ]
            """);

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["id", "问题", "tags", "ok", "meta"], source.Columns);
        Assert.Equal(["1", "一加一等于几？", null, null, null], rows[0].Padded(source));
        Assert.Equal([null, "Second", """["a","b"]""", "true", null], rows[1].Padded(source));
        Assert.Equal(["3.5", null, null, null, """{"source":"网站","n":null}"""], rows[2].Padded(source));
    }

    [Fact]
    public async Task ReadRowsAsync_KeyFirstSeenAfterTheProbe_ExtendsColumns()
    {
        var items = Enumerable.Range(0, JsonDatasetSource.ColumnProbeItems + 50)
            .Select(i => i == JsonDatasetSource.ColumnProbeItems + 10 ? $$"""{"q":"{{i}}","late":"x"}""" : $$"""{"q":"{{i}}"}""");
        var path = _dir.WriteText("late.json", "[" + string.Join(",\n", items) + "]");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        Assert.Equal(["q"], source.Columns);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["q", "late"], source.Columns);
        Assert.Equal("x", rows[JsonDatasetSource.ColumnProbeItems + 10].Cell(1));
        Assert.Null(rows[0].Cell(1));
        Assert.Equal(JsonDatasetSource.ColumnProbeItems + 50, rows.Count);
    }

    [Fact]
    public async Task ReadRowsAsync_Utf16WithBom_Transcoded()
    {
        var path = _dir.WriteText("q.json", """[{"问题":"你好"}]""", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["问题"], source.Columns);
        Assert.Equal("你好", Assert.Single(rows).Cell(0));
    }

    [Fact]
    public async Task ReadRowsAsync_Utf8Bom_Read()
    {
        var path = _dir.WriteText("q.json", """["a"]""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        await using var source = await DatasetTestHelpers.OpenAsync(path);

        Assert.Equal("a", Assert.Single(await source.ReadAllAsync()).Cell(0));
    }

    [Fact]
    public async Task ReadRowsAsync_SyntaxErrorAfterTheProbe_ThrowsWithLineNumber()
    {
        var lines = Enumerable.Range(0, JsonDatasetSource.ColumnProbeItems + 20).Select(i => $"\"q{i}\",").ToList();
        lines[JsonDatasetSource.ColumnProbeItems + 5] = "\"broken\" oops,";
        var path = _dir.WriteText("bad.json", "[\n" + string.Join("\n", lines) + "\n\"end\"]");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        // Line 1 is "[", so item k sits on line k + 2.
        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Equal(JsonDatasetSource.ColumnProbeItems + 7, ex.Row);
        Assert.Contains(path, ex.Message);
    }

    [Theory]
    [InlineData("""{"question": "not in an array"}""", ".jsonl")]
    [InlineData("   ", "empty")]
    public async Task OpenAsync_NotAnArray_ThrowsInvalidInput(string text, string hint)
    {
        var path = _dir.WriteText("obj.json", text);

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetTestHelpers.OpenAsync(path));

        Assert.Equal(DatasetErrorCodes.InvalidInput, ex.Code);
        Assert.Contains(hint, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task ReadRowsAsync_RawControlCharactersInStrings_ReadAsCharacters()
    {
        var path = _dir.WriteText("dump.json", "[{\"q\":\"a\u0000b\"},\n \"raw\u0007bell\",\n {\"q\":\"escaped\\u0000nul\"}]");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var rows = await source.ReadAllAsync();

        Assert.Equal(["a\u0000b", null], rows[0].Padded(source));
        Assert.Equal([null, "raw\u0007bell"], rows[1].Padded(source));
        Assert.Equal(["escaped\u0000nul", null], rows[2].Padded(source));
    }

    [Fact]
    public async Task ReadRowsAsync_RawControlCharacterOutsideAString_ThrowsNamingTheLine()
    {
        var path = _dir.WriteText("q.json", "[\"a\",\n\"b\",\n\u0000\"c\"]");

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var ex = await Assert.ThrowsAsync<DatasetException>(() => source.ReadAllAsync());

        Assert.Equal(3, ex.Row);
        Assert.Contains("line 3: not valid JSON", ex.Message);
    }
}
