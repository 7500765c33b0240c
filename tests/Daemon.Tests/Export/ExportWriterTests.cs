using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;
using CsvHelper;

namespace BatchAi.Daemon.Tests.Export;

public sealed class ExportWriterTests : IDisposable
{
    private static readonly ExportRecord[] Records =
    [
        new(0, "什么是量子计算？", "量子计算利用\"叠加\"，\n以及纠缠。", "先想一想", null, "stop", 12, 34, 1,
            [new("id", "1"), new("来源", "网站")], "deepseek-chat"),
        new(1, "Why, exactly?", null, null, "rate limited, gave up", null, null, null, 3,
            [new("id", "2"), new("来源", null)]),
        new(2, "No columns", "ok", null, null, "length", 5, 6, 1, null, "gpt-4o-mini"),
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_Jsonl_OneRecordPerLineRoundTrips()
    {
        var path = _dir.File("out.jsonl");

        var count = await ExportWriter.WriteAsync(path, "jsonl", ToAsync(Records), TestContext.Current.CancellationToken);

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, count);
        Assert.Equal(3, lines.Length);
        AssertRoundTrips(lines.Select(l => JsonDocument.Parse(l).RootElement).ToList());
    }

    [Fact]
    public async Task WriteAsync_JsonArray_RoundTrips()
    {
        var path = _dir.File("out.json");

        var count = await ExportWriter.WriteAsync(path, "json", ToAsync(Records), TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(3, count);
        AssertRoundTrips(document.RootElement.EnumerateArray().ToList());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("JSONL")]
    public async Task WriteAsync_DefaultOrAnyCaseFormat_WritesJsonl(string? format)
    {
        var path = _dir.File("out.txt");

        await ExportWriter.WriteAsync(path, format, ToAsync(Records), TestContext.Current.CancellationToken);

        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("json")]
    public async Task WriteAsync_Json_ChineseNotEscapedAndFieldsOmittedWhenEmpty(string format)
    {
        var path = _dir.File("out." + format);

        await ExportWriter.WriteAsync(path, format, ToAsync(Records), TestContext.Current.CancellationToken);

        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.Contains("什么是量子计算？", text);
        Assert.Contains("\"来源\"", text);
        Assert.DoesNotContain("\\u", text);
        Assert.False(File.ReadAllBytes(path).AsSpan().StartsWith(Encoding.UTF8.Preamble));
    }

    [Fact]
    public async Task WriteAsync_Csv_HasBomHeaderAndRoundTrips()
    {
        var path = _dir.File("out.csv");

        var count = await ExportWriter.WriteAsync(path, "csv", ToAsync(Records), TestContext.Current.CancellationToken);

        Assert.Equal(3, count);
        Assert.True(File.ReadAllBytes(path).AsSpan().StartsWith(Encoding.UTF8.Preamble));
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add(csv.Parser.Record!);
        }

        Assert.Equal(["index", "question", "answer", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model", "id", "来源"], rows[0]);
        Assert.Equal(["0", "什么是量子计算？", "量子计算利用\"叠加\"，\n以及纠缠。", "", "stop", "12", "34", "1", "deepseek-chat", "1", "网站"], rows[1]);
        Assert.Equal(["1", "Why, exactly?", "", "rate limited, gave up", "", "", "", "3", "", "2", ""], rows[2]);
        Assert.Equal(["2", "No columns", "ok", "", "length", "5", "6", "1", "gpt-4o-mini", "", ""], rows[3]);
    }

    [Fact]
    public async Task WriteAsync_CsvSourceColumnNamedLikeAResultColumn_Prefixed()
    {
        var path = _dir.File("out.csv");
        ExportRecord[] records = [new(0, "q", "a", null, null, "stop", 1, 1, 1, [new("answer", "expected"), new("model", "the dataset's own")], "m")];

        await ExportWriter.WriteAsync(path, "csv", ToAsync(records), TestContext.Current.CancellationToken);

        var header = File.ReadLines(path).First().TrimStart('\uFEFF');
        Assert.EndsWith(",attempts,model,source.answer,source.model", header);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task WriteAsync_AnswerFormats_ModelOfEachRowParsesBackAfterTheEarlierColumns(string format)
    {
        var path = _dir.File("out." + format);

        await ExportWriter.WriteAsync(path, format, ToAsync(Records), TestContext.Current.CancellationToken);

        // Read back as a dataset, the way a user's next tool would: every format gives the same columns and cells.
        await using var source = await DatasetReader.OpenAsync(path, null, TestContext.Current.CancellationToken);
        var rows = await source.ReadRowsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var model = source.Columns.ToList().IndexOf("model");
        Assert.Equal(Records.Select(r => r.Model ?? ""), rows.Select(r => r.Cell(model) ?? ""));
        if (format is "csv" or "xlsx")
        {
            Assert.Equal(TabularRow.FixedColumns, source.Columns.Take(TabularRow.FixedColumns.Count));
            Assert.Equal(TabularRow.FixedColumns.Count - 1, model);
        }
    }

    [Theory]
    [InlineData("openai-chat")]
    [InlineData("alpaca")]
    [InlineData("sharegpt")]
    public async Task WriteAsync_TrainingFormats_NoModelField(string format)
    {
        var path = _dir.File("out." + ExportFormat.Extension(format));

        await ExportWriter.WriteAsync(path, format, ToAsync(Records), TestContext.Current.CancellationToken);

        // None of these schemas has a field for it, and a trainer reads only what its schema names; the answer formats carry it.
        var text = File.ReadAllText(path);
        Assert.Contains("什么是量子计算？", text);
        Assert.DoesNotContain("\"model\"", text);
        Assert.DoesNotContain("deepseek-chat", text);
    }

    [Theory]
    [InlineData("jsonl", "")]
    [InlineData("json", "[]")]
    [InlineData("csv", "index,question,answer,error,finishReason,promptTokens,completionTokens,attempts,model")]
    public async Task WriteAsync_NoRecords_WritesAnEmptyDocument(string format, string expected)
    {
        var path = _dir.File("empty." + format);

        var count = await ExportWriter.WriteAsync(path, format, ToAsync([]), TestContext.Current.CancellationToken);

        Assert.Equal(0, count);
        Assert.Equal(expected, File.ReadAllText(path).TrimStart('\uFEFF').Trim());
    }

    [Fact]
    public async Task WriteAsync_ExistingTarget_ReplacedAndNoTempFileLeft()
    {
        var path = _dir.WriteText("out.jsonl", "old content that is much longer than nothing\n");

        await ExportWriter.WriteAsync(path, "jsonl", ToAsync(Records[..1]), TestContext.Current.CancellationToken);

        Assert.Single(File.ReadAllLines(path));
        Assert.DoesNotContain("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task WriteAsync_RecordsFailMidway_TargetUntouchedAndNoTempFileLeft()
    {
        var path = _dir.WriteText("out.csv", "previous export\n");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ExportWriter.WriteAsync(path, "csv", FailAfterOneAsync(), TestContext.Current.CancellationToken));

        Assert.Equal("previous export\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public async Task WriteAsync_MissingFolder_Created()
    {
        var path = Path.Combine(_dir.Path, "sub", "dir", "out.json");

        await ExportWriter.WriteAsync(path, "json", ToAsync(Records), TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task WriteAsync_UnknownFormat_ThrowsNamingFormatAndSupportedOnesBeforeTouchingFiles()
    {
        var path = _dir.File("out.xml");

        var ex = await Assert.ThrowsAsync<DatasetException>(() =>
            ExportWriter.WriteAsync(path, "xml", ToAsync(Records), TestContext.Current.CancellationToken));

        Assert.Equal(DatasetErrorCodes.UnsupportedFormat, ex.Code);
        Assert.Contains("'xml'", ex.Message);
        Assert.Contains("jsonl, json, csv", ex.Message);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    private static void AssertRoundTrips(List<JsonElement> items)
    {
        Assert.Equal(Records.Length, items.Count);
        for (var i = 0; i < Records.Length; i++)
        {
            var expected = Records[i];
            var item = items[i];
            Assert.Equal(expected.Index, item.GetProperty("index").GetInt64());
            Assert.Equal(expected.Question, item.GetProperty("question").GetString());
            Assert.Equal(expected.Answer, item.GetProperty("answer").GetString());
            Assert.Equal(expected.Reasoning, item.TryGetProperty("reasoning", out var r) ? r.GetString() : null);
            Assert.Equal(expected.Reasoning is not null, item.TryGetProperty("reasoning", out _));
            Assert.Equal(expected.Error, item.GetProperty("error").GetString());
            Assert.Equal(expected.FinishReason, item.GetProperty("finishReason").GetString());
            Assert.Equal(expected.PromptTokens, NullableInt(item.GetProperty("promptTokens")));
            Assert.Equal(expected.CompletionTokens, NullableInt(item.GetProperty("completionTokens")));
            Assert.Equal(expected.Attempts, item.GetProperty("attempts").GetInt32());
            Assert.Equal(expected.Model, item.GetProperty("model").GetString());
            var columns = item.TryGetProperty("columns", out var c)
                ? c.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, p.Value.GetString())).ToList()
                : null;
            Assert.Equal(expected.Columns, columns);
        }
    }

    private static int? NullableInt(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();

#pragma warning disable CS1998 // Async iterators without awaits are the simplest IAsyncEnumerable source.
    private static async IAsyncEnumerable<ExportRecord> ToAsync(IEnumerable<ExportRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }
    }

    private static async IAsyncEnumerable<ExportRecord> FailAfterOneAsync()
    {
        yield return Records[0];
        throw new InvalidOperationException("ledger went away");
    }
#pragma warning restore CS1998
}
