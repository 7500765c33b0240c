using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// The client verbs of the <c>batchai</c> executable, end to end against the simulator: in-process when no daemon serves the data
/// directory, and through a daemon on a pipe (which holds the data directory's lock, so only a CLI that really talked to it succeeds).
/// </summary>
public sealed class CliCommandTests
{
    [Fact]
    public async Task Verbs_NoDaemon_RunInProcessAndPrintTheProtocolsRecordsAsJson()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(4, "cli");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var preview = await CliRun.RunAsync(temp.Path, ct, "preview", "questions.csv", "--json", "--data-dir", data);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        Assert.Equal(4, preview.Json().GetProperty("rowCount").GetInt64());
        Assert.Equal("csv", preview.Json().GetProperty("format").GetString());

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        var jobId = job.GetProperty("jobId").GetString()!;
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(4, job.GetProperty("counts").GetProperty("done").GetInt64());
        Datasets.AssertAllAnswered(temp.File("questions.answers.jsonl"), questions);

        var jobs = await CliRun.RunAsync(temp.Path, ct, "jobs", "--json", "--data-dir", data);
        Assert.True(jobs.ExitCode == 0, jobs.ToString());
        var listed = Assert.Single(jobs.Json().GetProperty("jobs").EnumerateArray());
        Assert.Equal(jobId, listed.GetProperty("jobId").GetString());
        Assert.Equal(Path.GetFullPath(input), listed.GetProperty("input").GetString());

        var status = await CliRun.RunAsync(temp.Path, ct, "status", jobId, "--json", "--data-dir", data);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal("completed", status.Json().GetProperty("state").GetString());

        var export = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "csv", "-o", "again.csv", "--json", "--data-dir", data);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(4, export.Json().GetProperty("rows").GetInt64());
        Assert.Equal(temp.File("again.csv"), export.Json().GetProperty("output").GetString());
        // CSV doubles the quotes the simulated answer has.
        Assert.Contains(SimulatorServer.AnswerFor(questions[2]).Replace("\"", "\"\"", StringComparison.Ordinal), await File.ReadAllTextAsync(temp.File("again.csv"), ct));

        // A completed job cannot be paused: the daemon's error becomes exit 1 and, with --json, an error document.
        var pause = await CliRun.RunAsync(temp.Path, ct, "pause", jobId, "--json", "--data-dir", data);
        Assert.Equal(1, pause.ExitCode);
        Assert.Equal(ErrorCodes.InvalidJobState, pause.Json().GetProperty("error").GetProperty("code").GetInt32());

        var text = await CliRun.RunAsync(temp.Path, ct, "jobs", "--data-dir", data);
        Assert.Contains(jobId, text.Stdout);
        Assert.Contains("completed", text.Stdout);
    }

    [Fact]
    public async Task Status_UnknownJob_ExitsOneAndNamesIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var status = await CliRun.RunAsync(temp.Path, ct, "status", "nosuchjob", "--data-dir", temp.Sub("data"));
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("nosuchjob", status.Stderr);
    }

    [Fact]
    public async Task Jobs_PipeNobodyServes_ExitsFiveDaemonUnreachable()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var pipe = new PipeName();
        var jobs = await CliRun.RunAsync(temp.Path, ct, "jobs", "--pipe", pipe.Name, "--data-dir", temp.Sub("data"));
        Assert.Equal(5, jobs.ExitCode);
        Assert.Contains($"batchai serve --pipe {pipe.Name}", jobs.Stderr);
    }

    [Fact]
    public async Task Run_DaemonOnPipe_JobRunsInTheDaemonAndAnotherClientSeesIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var pipe = new PipeName();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, data, ct);
        var questions = Datasets.Questions(3, "cli-pipe");
        Datasets.WriteCsv(temp.File("questions.csv"), questions);

        // The daemon holds the data directory's lock: a CLI that tried to run in-process would exit 4.
        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--pipe", pipe.Name, "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        Datasets.AssertAllAnswered(temp.File("questions.answers.jsonl"), questions);

        await using var other = await RpcClient.ConnectPipeAsync(pipe.Name, ct);
        await other.InitializeAsync(ct);
        var listed = await other.CallAsync<ListJobsResult>(Methods.ListJobs, null, ct);
        Assert.Equal(JobState.Completed, Assert.Single(listed.Jobs, j => j.JobId == jobId).State);

        // Without --data-dir, --pipe alone picks the daemon whatever its data directory.
        var jobs = await CliRun.RunAsync(temp.Path, ct, "jobs", "--json", "--pipe", pipe.Name);
        Assert.True(jobs.ExitCode == 0, jobs.ToString());
        Assert.Contains(jobs.Json().GetProperty("jobs").EnumerateArray(), j => j.GetProperty("jobId").GetString() == jobId);

        // A --data-dir other than the daemon's is refused rather than silently ignored.
        var elsewhere = await CliRun.RunAsync(temp.Path, ct, "jobs", "--pipe", pipe.Name, "--data-dir", temp.Sub("other"));
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains(data, elsewhere.Stderr);
    }

    [Fact]
    public async Task PauseResumeCancel_DaemonOnPipe_ChangeTheDaemonsJob()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var pipe = new PipeName();
        var data = temp.Sub("data");
        // Slow answers, one row at a time: the job is still running when each command arrives.
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(200), TokensPerSecond = 40 }, cancellationToken: ct);
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, data, ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(50, "cli-control"));
        await using var client = await RpcClient.ConnectPipeAsync(pipe.Name, ct);
        await client.InitializeAsync(ct);
        var started = await client.CallAsync<StartJobResult>(
            Methods.StartJob, new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "m"), temp.File("out.jsonl"), Concurrency: 1), ct);
        await client.Notifications.WaitForRowsAsync(started.JobId, 1, ct);

        var pause = await CliRun.RunAsync(temp.Path, ct, "pause", started.JobId, "--json", "--pipe", pipe.Name);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Equal("paused", pause.Json().GetProperty("state").GetString());
        await client.Notifications.WaitForStateAsync(started.JobId, JobState.Paused, ct);

        var resume = await CliRun.RunAsync(temp.Path, ct, "resume", started.JobId, "--detach", "--json", "--pipe", pipe.Name);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains(resume.Json().GetProperty("state").GetString(), new[] { "running", "queued" });
        await client.Notifications.WaitForStateAsync(started.JobId, JobState.Running, ct);

        var cancel = await CliRun.RunAsync(temp.Path, ct, "cancel", started.JobId, "--json", "--pipe", pipe.Name);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal("cancelled", cancel.Json().GetProperty("state").GetString());
        Assert.Equal(JobState.Cancelled, (await client.GetJobAsync(started.JobId, ct)).State);

        // Watching a cancelled job ends at once with the documented code for a failed or cancelled job.
        var watch = await CliRun.RunAsync(temp.Path, ct, "watch", started.JobId, "--json", "--pipe", pipe.Name);
        Assert.Equal(3, watch.ExitCode);
        Assert.Equal("cancelled", watch.Json().GetProperty("state").GetString());
    }

    [Fact]
    public async Task WatchTokens_DaemonOnPipe_PrintsTheAnswersAsTheyStreamAndExitsZero()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var pipe = new PipeName();
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(300), TokensPerSecond = 100 }, cancellationToken: ct);
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, temp.Sub("data"), ct);
        var questions = Datasets.Questions(10, "cli-watch");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        await using var client = await RpcClient.ConnectPipeAsync(pipe.Name, ct);
        await client.InitializeAsync(ct);
        var started = await client.CallAsync<StartJobResult>(
            Methods.StartJob, new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "m"), temp.File("out.jsonl"), Concurrency: 1), ct);

        var watch = await CliRun.RunAsync(temp.Path, ct, "watch", started.JobId, "--tokens", "--pipe", pipe.Name);
        Assert.True(watch.ExitCode == 0, watch.ToString());
        // One row at a time, each about 0.7 s: the last row starts streaming seconds after the watcher subscribed, so its whole answer is printed.
        Assert.Contains("[row 9] " + SimulatorServer.AnswerFor(questions[9]), watch.Stdout);
        Assert.Contains("Done in", watch.Stdout);
        Assert.Contains("rows ", watch.Stderr); // progress goes to stderr while answers stream to stdout
    }

    [Fact]
    public async Task RetryFailed_RowStillRefused_SendsItAgainAndExitsTwo()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5), RetryAfter = TimeSpan.Zero }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "cli-retry");
        questions[1] += " [[sim:429]]";
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 2, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        var before = simulator.Stats.RequestsFor(questions[1]);

        var retry = await CliRun.RunAsync(temp.Path, ct, "retry-failed", jobId, "--json", "--data-dir", data);
        Assert.True(retry.ExitCode == 2, retry.ToString());
        Assert.Equal(1, retry.Json().GetProperty("counts").GetProperty("failed").GetInt64());
        Assert.True(simulator.Stats.RequestsFor(questions[1]) > before, "retry-failed sent the failed row again");
        Assert.Equal(before, simulator.Stats.RequestsFor(questions[1]) - before);
        Assert.Equal(1, simulator.Stats.RequestsFor(questions[0]));
    }

    [Fact]
    public async Task Rows_FailedRowsAsJsonLines_TextPagesSayWhereMoreIs_BadStateExitsOne()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(4, "cli-rows");
        questions[1] += " [[sim:400]]";
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");
        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 2, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;

        var failed = await CliRun.RunAsync(temp.Path, ct, "rows", jobId, "--failed", "--json", "--data-dir", data);
        Assert.True(failed.ExitCode == 0, failed.ToString());
        var line = JsonDocument.Parse(Assert.Single(failed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal((1, "failed", questions[1]), (line.GetProperty("row").GetInt64(), line.GetProperty("state").GetString(), line.GetProperty("prompt").GetString()));
        Assert.Contains("HTTP 400", line.GetProperty("error").GetString());

        var all = await CliRun.RunAsync(temp.Path, ct, "rows", jobId, "--all", "--json", "--data-dir", data);
        Assert.Equal([0L, 1, 2, 3], all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("row").GetInt64()));

        var text = await CliRun.RunAsync(temp.Path, ct, "rows", jobId, "--limit", "2", "--data-dir", data);
        Assert.True(text.ExitCode == 0, text.ToString());
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("#0 ", lines[0]);
        Assert.Contains("done", lines[0]);
        Assert.Contains("failed", lines[1]);
        Assert.Contains("HTTP 400", lines[1]);
        Assert.Contains("--from 2", lines[2]);

        var bad = await CliRun.RunAsync(temp.Path, ct, "rows", jobId, "--state", "lost", "--data-dir", data);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("state 'lost'", bad.Stderr);
    }

    [Fact]
    public async Task Run_ProfileInConfigFile_FlagsBeatEnvironmentWhichBeatsTheProfile()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(2, "cli-config"));
        var config = temp.Sub("config");
        Directory.CreateDirectory(Path.Combine(config, "batchai"));
        await File.WriteAllTextAsync(Path.Combine(config, "batchai", "config.json"), JsonSerializer.Serialize(new
        {
            defaultProfile = "other",
            profiles = new Dictionary<string, object>
            {
                ["other"] = new { baseUrl = "http://127.0.0.1:9/v1", model = "unused" },
                ["sim"] = new { baseUrl = simulator.BaseUrl.ToString(), model = "profile-model", concurrency = 3 },
            },
        }), ct);
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config };
        var data = temp.Sub("data");

        var fromProfile = await CliRun.RunAsync(temp.Path, environment, ct, "run", "questions.csv", "--profile", "sim", "--json", "--data-dir", data);
        Assert.True(fromProfile.ExitCode == 0, fromProfile.ToString());
        Assert.Equal("profile-model", fromProfile.Json().GetProperty("model").GetString());
        Assert.Equal(simulator.BaseUrl.ToString(), fromProfile.Json().GetProperty("baseUrl").GetString());

        environment["BATCHAI_MODEL"] = "env-model";
        environment["BATCHAI_PROFILE"] = "sim";
        var fromEnvironment = await CliRun.RunAsync(temp.Path, environment, ct, "run", "questions.csv", "--json", "--data-dir", data);
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.Equal("env-model", fromEnvironment.Json().GetProperty("model").GetString());

        var fromFlag = await CliRun.RunAsync(temp.Path, environment, ct, "run", "questions.csv", "-m", "flag-model", "--json", "--data-dir", data);
        Assert.True(fromFlag.ExitCode == 0, fromFlag.ToString());
        Assert.Equal("flag-model", fromFlag.Json().GetProperty("model").GetString());

        var unknown = await CliRun.RunAsync(temp.Path, environment, ct, "run", "questions.csv", "--profile", "nope", "--data-dir", data);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No profile 'nope'", unknown.Stderr);
    }

    [Fact]
    public async Task Run_ConfigFileHoldsAKey_ExitsOneWithoutSendingAndSaysWhereKeysGo()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var questions = Datasets.Questions(1, "cli-key");
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var config = temp.Sub("config");
        Directory.CreateDirectory(Path.Combine(config, "batchai"));
        await File.WriteAllTextAsync(Path.Combine(config, "batchai", "config.json"),
            $$$"""{"defaultProfile": "p", "profiles": {"p": {"baseUrl": "{{{simulator.BaseUrl}}}", "model": "m", "apiKey": "sk-do-not-store"} } }""", ct);

        var run = await CliRun.RunAsync(temp.Path, new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config }, ct, "run", "questions.csv", "--data-dir", temp.Sub("data"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("apiKeyEnv", run.Stderr);
        Assert.DoesNotContain("sk-do-not-store", run.Stderr + run.Stdout);
        Assert.Equal(0, simulator.Stats.RequestsFor(questions[0]));
    }

    [Fact]
    public async Task Run_CtrlC_PausesTheJobSaysHowToResumeAndResumeFinishesIt()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "SIGINT is sent with kill(1)");
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(20) }, cancellationToken: ct);
        var questions = Datasets.Questions(30, "cli-ctrlc");
        // Row 5's first request never answers and Ctrl+C comes while it hangs: the run is still going, however slow the machine.
        questions[5] += " [[sim:hangx1]]";
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        await using var run = DaemonProcess.Start(temp.Path, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "-c", "1", "--data-dir", data);
        using var stdout = new StreamReader(run.StandardOutput);
        var first = await stdout.ReadLineAsync(ct);
        Assert.StartsWith("Job ", first);
        var jobId = first!.Split(' ', ':')[1];
        await simulator.Stats.WaitUntilAsync(s => s.RequestsFor(questions[5]) == 1, ct);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        var rest = await stdout.ReadToEndAsync(ct);
        Assert.Equal(130, await run.WaitForExitAsync(ct));
        Assert.Contains($"Resume it with: batchai resume {jobId}", rest);

        var status = await CliRun.RunAsync(temp.Path, ct, "status", jobId, "--json", "--data-dir", data);
        Assert.Equal("paused", status.Json().GetProperty("state").GetString());
        Assert.True(status.Json().GetProperty("counts").GetProperty("done").GetInt64() == 5, status.ToString());

        var resume = await CliRun.RunAsync(temp.Path, ct, "resume", jobId, "--json", "--data-dir", data);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Equal(30, resume.Json().GetProperty("counts").GetProperty("done").GetInt64());
        Datasets.AssertAllAnswered(temp.File("questions.answers.jsonl"), questions);
        // Every row asked once, but row 5: its hung request was abandoned by the pause and asked again on resume.
        Assert.All(questions, q => Assert.Equal(q == questions[5] ? 2 : 1, simulator.Stats.RequestsFor(q)));
    }
}
