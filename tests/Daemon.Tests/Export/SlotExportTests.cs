using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>A job of several answers per row: XLSX columns per slot, and one training or parquet example per answered slot.</summary>
public sealed class SlotExportTests : IDisposable
{
    private static readonly ExportRecord[] Records =
    [
        new(0, "q0", "a0", null, null, "stop", 5, 6, 2, [new("id", "1")], "alpha", Answers:
        [
            new ExportAnswer(0, "alpha", 0, true, "a0", null, "stop", 5, 3, null),
            new ExportAnswer(1, "alpha", 1, false, null, null, null, null, null, "row 0: HTTP 400"),
            new ExportAnswer(2, "beta", 0, true, "b0", null, "stop", 5, 3, null),
        ]),
        new(1, "q1", null, null, "row 1: no answer: alpha sample 0: boom", null, null, null, 1, [new("id", "2")], null, ExportRowState.Failed,
            Answers: [new ExportAnswer(0, "alpha", 0, false, null, null, null, null, null, "row 1: boom")]),
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_Xlsx_FourColumnsPerSlotAfterTheResultColumns()
    {
        var path = _dir.File("out.xlsx");

        await ExportWriter.WriteAsync(path, "xlsx", ToAsync(Records), TestContext.Current.CancellationToken, new ExportContext { Slots = 3 });

        await using var source = await DatasetReader.OpenAsync(path, null, TestContext.Current.CancellationToken);
        var rows = await source.ReadRowsAsync(TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var first = TabularRow.FixedColumns.Count;
        Assert.Equal(["model_1", "sample_1", "answer_1", "error_1", "model_2"], source.Columns.Skip(first).Take(5));
        Assert.Equal(["alpha", "1", "", "row 0: HTTP 400", "beta", "0", "b0", ""], Enumerable.Range(first + 4, 8).Select(i => rows[0].Cell(i) ?? ""));
        Assert.Equal("1", rows[0].Cell(first + 12)); // the source column after the slots
    }

    [Fact]
    public async Task WriteAsync_OpenAiChat_OneExamplePerAnsweredSlot_ARowWithNoneExcluded()
    {
        var path = _dir.File("train.jsonl");

        var written = await ExportWriter.WriteAsync(path, "openai-chat", ToAsync(Records), TestContext.Current.CancellationToken);

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, written);
        Assert.Equal(["a0", "b0"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()));
        Assert.Contains("no answer", File.ReadAllText(ExportFormat.ExcludedPath(path)), StringComparison.Ordinal);
    }

    [Fact]
    public void Examples_EachAnsweredSlotWithItsOwnAnswerTokensAndModel()
    {
        var examples = Records[0].Examples().ToList();

        Assert.Equal([("a0", "alpha", 3), ("b0", "beta", 3)], examples.Select(e => (e.Answer, e.Model, e.CompletionTokens!.Value)));
        Assert.All(examples, e => Assert.Null(e.Answers));
        Assert.Equal([Records[1]], Records[1].Examples());
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
