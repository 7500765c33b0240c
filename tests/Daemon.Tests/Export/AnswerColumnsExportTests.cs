using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>A structured job's exports: a column per top-level schema property in CSV and XLSX, read back as a dataset.</summary>
public sealed class AnswerColumnsExportTests : IDisposable
{
    private static readonly ExportRecord[] Records =
    [
        new(0, "q0", """{"topic":"cats","score":3,"tags":["a","b"],"model":"x"}""", null, null, "stop", 1, 2, 1, [new("id", "1")], "m"),
        new(1, "q1", "not json at all", null, "the answer does not match the JSON Schema after 2 re-asks: /: not JSON", "stop", 1, 2, 3, [new("id", "2")], null),
    ];

    private static readonly string[] Properties = ["topic", "score", "tags", "model"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task WriteAsync_SchemaProperties_ColumnsAfterTheResultColumnsFilledFromTheAnswer(string format)
    {
        var path = _dir.File("out." + format);

        await ExportWriter.WriteAsync(path, format, ToAsync(Records), TestContext.Current.CancellationToken, new ExportContext { AnswerColumns = Properties });

        await using var source = await DatasetReader.OpenAsync(path, null, TestContext.Current.CancellationToken);
        var rows = await source.ReadRowsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([.. TabularRow.FixedColumns, "topic", "score", "tags", "answer.model", "id"], source.Columns);
        var first = TabularRow.FixedColumns.Count;
        Assert.Equal(["cats", "3", """["a","b"]""", "x", "1"], Enumerable.Range(first, 5).Select(i => rows[0].Cell(i)));
        // An answer that is not JSON (a row that never validated) leaves the columns empty; its text is in "answer".
        Assert.All(Enumerable.Range(first, 4), i => Assert.True(string.IsNullOrEmpty(rows[1].Cell(i))));
        Assert.Equal("not json at all", rows[1].Cell(2));
    }

    private static async IAsyncEnumerable<ExportRecord> ToAsync(IEnumerable<ExportRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
