using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai run --json-schema</c> against the simulator: answers validated, re-asked, given up on, and spread into columns.</summary>
public sealed class StructuredAnswerTests
{
    private const string Schema = """
        { "type": "object",
          "properties": { "topic": { "type": "string" }, "score": { "type": "integer", "minimum": 1 }, "labels": { "type": "array", "items": { "type": "string" } } },
          "required": ["topic", "score"] }
        """;

    [Fact]
    public async Task Run_InvalidFirstAnswers_ReaskedUntilValidOrFailedAfterTheLimitWithTheLastAnswerKept()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(5, "schema");
        questions[1] += " [[sim:invalid-json]]";
        questions[3] += " [[sim:invalid-json:5]]";
        questions[4] += " [[sim:invalid-json:2]]"; // its first two answers, though each re-ask carries only the last exchange
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        File.WriteAllText(temp.File("topic.json"), Schema);
        var output = temp.File("answers.csv");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output,
            "--data-dir", temp.Sub("data"), "--json-schema", "topic.json", "--max-reasks", "2");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("re-asked 5 (1 never valid)", run.ToString(), StringComparison.Ordinal);
        // 5 first answers, 1 re-ask for row 1, 2 for row 3 (the limit), 2 for row 4 (valid at the third answer).
        Assert.Equal(10, simulator.Stats.TotalRequests);
        var lines = File.ReadAllLines(output);
        var header = ParseCsvLine(lines[0].TrimStart('\uFEFF'));
        Assert.Equal(["index", "question", "answer", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model", "topic", "score", "labels"], header[..12]);
        var rows = lines.Skip(1).Select(ParseCsvLine).ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(("3", ""), (rows[4][7], rows[4][3]));
        Assert.Equal(("2", "", "1"), (rows[1][7], rows[1][3], rows[1][10]));
        Assert.Single(JsonSerializer.Deserialize<string[]>(rows[1][11])!);
        var failed = rows[3];
        Assert.Equal("3", failed[7]);
        Assert.Contains("after 2 re-asks", failed[3], StringComparison.Ordinal);
        Assert.Contains("topic", failed[3], StringComparison.Ordinal);
        // The last answer is kept for inspection, and its columns are filled from it as far as it goes.
        Assert.Contains("\"score\":1", failed[2], StringComparison.Ordinal);
        Assert.Equal(("", "1"), (failed[9], failed[10]));
    }

    [Fact]
    public async Task Run_EndpointRefusesResponseFormat_InstructionFormAndNoRowFailed()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5), ResponseFormatSupport = ResponseFormatSupport.None }, cancellationToken: ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(4, "plain"));
        File.WriteAllText(temp.File("topic.json"), Schema);
        var output = temp.File("answers.jsonl");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output,
            "--data-dir", temp.Sub("data"), "--json-schema", "topic.json", "--concurrency", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, simulator.Stats.DialectRefusals);
        var records = Datasets.ReadJsonl(output);
        Assert.All(records, r =>
        {
            Assert.Equal(1, r.GetProperty("attempts").GetInt32());
            Assert.Equal(1, r.GetProperty("answerJson").GetProperty("score").GetInt32());
            using var answer = JsonDocument.Parse(r.GetProperty("answer").GetString()!);
            Assert.True(JsonElement.DeepEquals(answer.RootElement, r.GetProperty("answerJson")));
        });
    }

    [Fact]
    public async Task Run_SchemaFileNotAnObjectSchema_RefusedNamingTheFile()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(2, "bad"));
        File.WriteAllText(temp.File("list.json"), """{"type":"array"}""");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
            "--data-dir", temp.Sub("data"), "--json-schema", "list.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--json-schema list.json: /type: the root must be an object schema", run.ToString(), StringComparison.Ordinal);
    }

    // One record per line here (no cell holds a line break): quoted fields with doubled quotes, as CsvHelper writes them.
    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
