using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai run</c>: one job from the command line, judged by its exit code and its output file.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task RunDemo_InEmptyFolder_ExitsZeroAndWritesFortySimulatedAnswers()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var run = DaemonProcess.Start(temp.Path, "run", "--demo");
        using var stdout = new StreamReader(run.StandardOutput);
        var printed = stdout.ReadToEndAsync(ct);
        Assert.Equal(0, await run.WaitForExitAsync(ct));
        Assert.Contains("SIMULATED", await printed);

        var records = Datasets.ReadJsonl(Path.Combine(temp.Path, "demo-output", "questions.answers.jsonl"));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), records.Select(r => r.GetProperty("index").GetInt64()));
        // The demo's simulator answers with 20..60 words (see RunCommand).
        var demo = new SimulatorOptions { MinAnswerTokens = 20, MaxAnswerTokens = 60 };
        Assert.All(records, r => Assert.Equal(SimulatorServer.AnswerFor(r.GetProperty("question").GetString()!, demo), r.GetProperty("answer").GetString()));
        Assert.Equal("Why is the sky blue?", records[0].GetProperty("question").GetString());
        Assert.True(Directory.Exists(Path.Combine(temp.Path, "demo-output", "ledger")));
    }

    [Fact]
    public async Task RunFile_OneRowAlwaysRefused_ExitsTwoAndOutputCarriesThatRowsError()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        // An always-429 row with "Retry-After: 0" exhausts the daemon's retries at once. An always-500 row would take the
        // default exponential back-off (about 1+2+4+8 s) before failing, and the simulator has no question-triggered 400.
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5), RetryAfter = TimeSpan.Zero }, cancellationToken: ct);
        var questions = Datasets.Questions(6, "run");
        questions[3] += " [[sim:429]]";
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");

        await using var run = DaemonProcess.Start(
            temp.Path, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output, "--data-dir", temp.Sub("data"));
        using var stdout = new StreamReader(run.StandardOutput);
        var printed = stdout.ReadToEndAsync(ct);
        Assert.Equal(2, await run.WaitForExitAsync(ct));
        await printed;

        var records = Datasets.ReadJsonl(output);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (long)i), records.Select(r => r.GetProperty("index").GetInt64()));
        var failed = records[3];
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("answer").ValueKind);
        Assert.Contains("429", failed.GetProperty("error").GetString());
        Assert.Equal(5, failed.GetProperty("attempts").GetInt32()); // 1 + the default 4 retries
        Assert.Equal(5, simulator.Stats.RequestsFor(questions[3]));
        Assert.All(records.Where((_, i) => i != 3), r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind);
            Assert.Equal(SimulatorServer.AnswerFor(r.GetProperty("question").GetString()!), r.GetProperty("answer").GetString());
        });
    }

    [Fact]
    public async Task RunFile_NoModel_ExitsOneAndSaysWhy()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var input = Datasets.WriteCsv(temp.File("questions.csv"), ["one?"]);
        await using var run = DaemonProcess.Start(temp.Path, "run", input, "--base-url", "http://127.0.0.1:9/v1", "--data-dir", temp.Sub("data"));
        Assert.Equal(1, await run.WaitForExitAsync(ct));
        Assert.Contains("--model is required", run.Stderr);
    }
}
