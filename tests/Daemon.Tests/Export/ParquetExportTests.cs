using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>A Parquet export read back by Parquet.Net's own reader: every column, its type, nulls, Unicode and input order.</summary>
public sealed class ParquetExportTests : IDisposable
{
    // A row group of two rows, so five records span three groups and the reader must stitch them in order.
    private static readonly ExportContext SmallGroups = new() { Limits = new ParquetLimits(2, 1_000_000, 1_000, long.MaxValue) };

    private static readonly ExportRecord[] Records =
    [
        new(0, "什么是量子计算？", "量子计算利用\"叠加\"，\n以及纠缠 😀", "先想一想", null, "stop", 12, 34, 1, [new("id", "1"), new("来源", "网站"), new("answer", "a cell")],
            "deepseek-chat"),
        new(1, "Why, exactly?", null, null, "rate limited, gave up", null, null, null, 3, [new("id", "2"), new("来源", null), new("answer", null)],
            State: ExportRowState.Failed),
        new(2, "Empty line skipped", null, null, "skipped: duplicate of row 0", null, null, null, 0, [new("id", "3"), new("来源", ""), new("answer", "x")],
            State: ExportRowState.Skipped),
        new(3, "Long", new string('长', 5000), null, null, "length", 5, 6, 2, [new("id", "4"), new("来源", "b"), new("answer", "y")], "gpt-4o-mini"),
        new(4, "Tab\tand\u0001control", "ok", null, null, "stop", 1, 1, 1, [new("id", "5"), new("来源", "c"), new("answer", "z")], "gpt-4o-mini"),
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_Parquet_EveryColumnReadsBackTypedInInputOrder()
    {
        var path = _dir.File("out.parquet");

        var count = await ExportWriter.WriteAsync(path, "parquet", Records.ToAsyncEnumerable(), Timeouts.Token(), SmallGroups);

        var table = await ParquetTable.ReadAsync(path, Timeouts.Token());
        Assert.Equal(5, count);
        Assert.Equal(3, table.RowGroups);
        Assert.Equal(
            ["index", "question", "answer", "reasoning", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model", "id", "来源", "source.answer"],
            table.Fields.Select(f => f.Name));
        Assert.Equal(
            [typeof(long), typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(long), typeof(long), typeof(long), typeof(string)],
            table.Fields.Take(10).Select(f => f.ClrType == typeof(long) ? typeof(long) : typeof(string)));
        Assert.False(table.Fields[0].IsNullable);
        Assert.False(table.Fields[1].IsNullable);
        Assert.True(table.Fields[6].IsNullable);
        for (var i = 0; i < Records.Length; i++)
        {
            var (expected, row) = (Records[i], table.Rows[i]);
            Assert.Equal(expected.Index, row["index"]);
            Assert.Equal(expected.Question, row["question"]);
            Assert.Equal(expected.Answer, row["answer"]);
            Assert.Equal(expected.Reasoning, row["reasoning"]);
            Assert.Equal(expected.Error, row["error"]);
            Assert.Equal(expected.FinishReason, row["finishReason"]);
            Assert.Equal((long?)expected.PromptTokens, row["promptTokens"]);
            Assert.Equal((long?)expected.CompletionTokens, row["completionTokens"]);
            Assert.Equal((long)expected.Attempts, row["attempts"]);
            Assert.Equal(expected.Model, row["model"]);
            Assert.Equal(expected.Columns![0].Value, row["id"]);
            Assert.Equal(expected.Columns![1].Value, row["来源"]);
            Assert.Equal(expected.Columns![2].Value, row["source.answer"]);
        }
    }

    [Fact]
    public async Task WriteAsync_Parquet_TextBoundsTheRowGroup()
    {
        var path = _dir.File("long.parquet");
        var context = new ExportContext { Limits = new ParquetLimits(50_000, 10_000, 1_000, long.MaxValue) };
        var records = Enumerable.Range(0, 10).Select(i => new ExportRecord(i, $"q{i}", new string('x', 4_000), null, null, "stop", 1, 1, 1, null));

        await ExportWriter.WriteAsync(path, "parquet", records.ToAsyncEnumerable(), Timeouts.Token(), context);

        var table = await ParquetTable.ReadAsync(path, Timeouts.Token());
        // 4,000 characters a row: the group is full at the third row, well before its 50,000 rows.
        Assert.Equal(4, table.RowGroups);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)(long)i), table.Rows.Select(r => r["index"]));
    }

    [Fact]
    public async Task WriteAsync_Parquet_NoRows_FileWithTheResultColumns()
    {
        var path = _dir.File("empty.parquet");

        var count = await ExportWriter.WriteAsync(path, "parquet", AsyncEnumerable.Empty<ExportRecord>(), Timeouts.Token());

        var table = await ParquetTable.ReadAsync(path, Timeouts.Token());
        Assert.Equal(0, count);
        Assert.Equal(ParquetLayout.ResultColumns, table.Fields.Select(f => f.Name));
        Assert.Empty(table.Rows);
    }

    [Fact]
    public void Layout_SourceColumnsNamedLikeResultsOrEachOther_StayDistinct()
    {
        var first = new ExportRecord(0, "q", "a", null, null, "stop", 1, 1, 1, [new("Reasoning", "r"), new("source.Reasoning", "s"), new("x", "t")]);

        var names = ParquetLayout.For(first).Columns.Select(c => c.Name).ToList();

        Assert.Equal(["source.Reasoning", "source.Reasoning_2", "x"], names.Skip(ParquetLayout.ResultColumns.Count));
    }

    [Fact]
    public void Layout_ForADataset_LeavesOutError()
    {
        var names = ParquetLayout.For(null, withError: false).Columns.Select(c => c.Name);

        Assert.Equal(ParquetLayout.ResultColumns.Where(n => n != "error"), names);
    }
}
