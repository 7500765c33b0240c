using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>The executable's offline verbs end to end: <c>run --mode offline</c>, <c>export-requests</c>, a runner's output folded by <c>import-results</c>, <c>resume</c>.</summary>
public sealed class OfflineBatchCliTests
{
    [Fact]
    public async Task OfflineRun_ExportRequests_ImportResults_Resume_OutputHoldsTheRunnersAnswers()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var questions = Datasets.Questions(5, "offline");
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--mode", "offline", "--base-url", "http://127.0.0.1:9/v1", "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("paused", run.Json().GetProperty("state").GetString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;

        var export = await CliRun.RunAsync(temp.Path, ct, "export-requests", jobId, "-o", "requests", "--max-lines", "2", "--json", "--data-dir", data);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(3, export.Json().GetProperty("files").GetArrayLength());

        // The runner: answers every request but one, and adds a line of another job's.
        var lines = Directory.GetFiles(temp.File("requests"), "*.jsonl").Order().SelectMany(File.ReadAllLines).ToList();
        Assert.DoesNotContain(lines, l => l.Contains("api_key", StringComparison.OrdinalIgnoreCase) || l.Contains("Authorization", StringComparison.Ordinal));
        var output = lines.Skip(1).Select(l => Answer(JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString()!)).Append(Answer("elsewhere:0"));
        File.WriteAllLines(temp.File("out.jsonl"), output);

        var import = await CliRun.RunAsync(temp.Path, ct, "import-results", jobId, "out.jsonl", "--data-dir", data);
        Assert.True(import.ExitCode == 2, import.ToString()); // a line refused
        Assert.Contains("line 5 (elsewhere:0): refused: custom_id names job elsewhere", import.Stderr);
        Assert.Contains("4 answered", import.Stdout);

        File.WriteAllLines(temp.File("out2.jsonl"), [Answer(JsonDocument.Parse(lines[0]).RootElement.GetProperty("custom_id").GetString()!)]);
        var last = await CliRun.RunAsync(temp.Path, ct, "import-results", jobId, "out2.jsonl", "--json", "--data-dir", data);
        Assert.True(last.ExitCode == 0, last.ToString());
        var resume = await CliRun.RunAsync(temp.Path, ct, "resume", jobId, "--json", "--data-dir", data);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Equal("completed", resume.Json().GetProperty("state").GetString());
        var answers = File.ReadAllLines(temp.File("questions.answers.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString()).ToList();
        Assert.Equal(5, answers.Count);
        Assert.All(answers, a => Assert.StartsWith("cluster says ", a));
    }

    private static string Answer(string customId) =>
        JsonSerializer.Serialize(new
        {
            id = "vllm-1",
            custom_id = customId,
            response = new
            {
                status_code = 200,
                request_id = "r",
                body = new
                {
                    @object = "chat.completion",
                    model = "m",
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = $"cluster says {customId}" }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 5, completion_tokens = 3, total_tokens = 8 },
                },
            },
            error = (object?)null,
        });
}
