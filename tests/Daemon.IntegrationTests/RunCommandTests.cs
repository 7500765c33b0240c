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
    public async Task RunFile_CellWithNulAndControlBytes_BytesRemovedByControlRuleCountedAndRowAnswered()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        // What a database dump leaves in a cell: a NUL, a bell, an escape, a DEL and a C1 control (U+0085 NEL aside, a line break).
        File.WriteAllBytes(temp.File("dump.csv"), [.. "id,question\n1,\"What is\0 a\u0007 stray\u001B byte\u007F\u0090?\"\n2,And a clean row?\n"u8]);
        const string cleaned = "What is a stray byte?";
        var data = temp.Sub("data");

        var preview = await CliRun.RunAsync(temp.Path, ct, "preview", "dump.csv", "--json", "--data-dir", data);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        var first = preview.Json().GetProperty("rows")[0];
        Assert.Equal(cleaned, first.GetProperty("cleaned").GetString());
        Assert.Equal(["control"], first.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "dump.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        Assert.Equal(2, job.GetProperty("counts").GetProperty("done").GetInt64());
        Assert.Equal(1, job.GetProperty("cleaning").GetProperty("changed").GetProperty("control").GetInt64());
        Datasets.AssertAllAnswered(temp.File("dump.answers.jsonl"), [cleaned, "And a clean row?"]);
        Assert.Equal(1, simulator.Stats.RequestsFor(cleaned));
    }

    [Theory]
    [InlineData("photo", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52 }, "a PNG image")]
    [InlineData("report", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A }, "a PDF document")]
    [InlineData("nuls", new byte[] { 0x71, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0x0A, 0x61, 0x0A }, "binary data")]
    public async Task RunFile_BinaryRenamedCsv_ExitsOneNamingTheFileAndWhatItIs(string name, byte[] bytes, string what)
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var input = temp.File($"{name}.csv");
        File.WriteAllBytes(input, bytes);

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", "http://127.0.0.1:9/v1", "-m", "m", "--data-dir", temp.Sub("data"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"{input} is {what}", run.Stderr);
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
