using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>parquet and hf-dataset through the protocol: the ledger's rows as JSONL has them, a card without secrets, bad params named.</summary>
public sealed class ParquetJobExportTests
{
    private const string Key = "sk-parquet-test-5f9c2a7e1d";

    [Fact]
    public async Task StartJob_OutputDotParquet_TheJobsOutputIsParquet_SameRowsAsJsonl()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        // Row 2 fails, row 3 repeats row 0 and is skipped: the file keeps both, as JSONL does.
        var input = harness.WriteQuestions("q.csv", 6, i => i switch { 2 => "broken [[sim:500]]", 3 => "什么是 AI？", 0 => "什么是 AI？", _ => $"Question {i} 😀?" });
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), harness.Dir.File("answers.parquet")));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var jsonl = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, harness.Dir.File("again.jsonl")));

        Assert.Equal(harness.Dir.File("answers.parquet"), started.Output);
        var table = await ParquetTable.ReadAsync(started.Output, Timeouts.Token());
        var expected = File.ReadAllLines(jsonl.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(6, table.Rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            foreach (var name in new[] { "index", "question", "answer", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model" })
            {
                Assert.Equal(Text(expected[i].GetProperty(name)), Text(table.Rows[i][name]));
            }

            Assert.Equal(expected[i].GetProperty("columns").GetProperty("question").GetString(), table.Rows[i]["source.question"]);
        }

        Assert.NotNull(table.Rows[2]["error"]);
        Assert.NotNull(table.Rows[3]["error"]);
    }

    [Fact]
    public async Task ExportJob_HfDatasetWithSplit_AnsweredRowsInTwoSplits_CardMatches_NoSecretAnywhere()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 40, i => i == 7 ? "broken [[sim:500]]" : $"Question number {i}?");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider() with { ApiKey = Key }, SystemPrompt: "Answer briefly.", Temperature: 0.3, MaxTokens: 200));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var result = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob,
            new ExportJobParams(started.JobId, Format: "hf-dataset", Split: new ExportSplit(0.25, 7)));

        Assert.Equal(harness.Dir.File("q.answers.hf-dataset"), result.Output);
        Assert.Equal(39, result.Rows);
        var train = await ParquetTable.ReadAsync(Path.Combine(result.Output, "data", "train-00000-of-00001.parquet"), Timeouts.Token());
        var test = await ParquetTable.ReadAsync(Path.Combine(result.Output, "data", "test-00000-of-00001.parquet"), Timeouts.Token());
        var indexes = train.Rows.Concat(test.Rows).Select(r => (long)r["index"]!).Order();
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i != 7).Select(i => (long)i), indexes);
        Assert.NotEmpty(test.Rows);
        var card = DatasetCardYaml.Parse(await File.ReadAllTextAsync(Path.Combine(result.Output, "README.md"), Timeouts.Token()));
        Assert.Equal([("train", (long)train.Rows.Count), ("test", (long)test.Rows.Count)], card.Splits);
        Assert.Equal(train.Fields.Select(f => f.Name), card.Features.Select(f => f.Name));
        Assert.Contains("| model | `sim-small` (39 rows) |", card.Body);
        Assert.Contains("| temperature | 0.3 |", card.Body);
        Assert.Contains("Answer briefly.", card.Body);
        Assert.Contains("Excluded: 1 rows (1 failed", card.Body);
        foreach (var file in Directory.GetFiles(result.Output, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file, Timeouts.Token());
            Assert.DoesNotContain(Key["sk-".Length..], Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(harness.Simulator.BaseUrl.Authority, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"format":"feather"}""", "format")]
    [InlineData("""{"format":"parquet","split":{"test":0.1}}""", "split")]
    [InlineData("""{"format":"hf-dataset","split":{"test":0}}""", "split.test")]
    [InlineData("""{"format":"hf-dataset","split":{"test":1}}""", "split.test")]
    [InlineData("""{"format":"hf-dataset","split":{"test":-0.5,"seed":3}}""", "split.test")]
    [InlineData("""{"format":"hf-dataset","split":{"test":1.5}}""", "split.test")]
    public async Task ExportJob_UnknownFormatOrBadSplit_InvalidParamsNamingTheField(string json, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(harness.WriteQuestions("q.csv", 2), harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var parameters = JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        parameters["jobId"] = started.JobId;
        parameters["output"] = harness.Dir.File("never");

        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CallAsync<ExportJobResult>(rpc, Methods.ExportJob, parameters));

        var code = error switch
        {
            RemoteMethodNotFoundException notFound => (int)notFound.ErrorCode,
            RemoteInvocationException invocation => invocation.ErrorCode,
            _ => 0,
        };
        Assert.Equal(ErrorCodes.InvalidParams, code);
        Assert.Contains(field, error.Message);
        Assert.False(Path.Exists(harness.Dir.File("never")));
    }

    private static string? Text(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        null => null,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
