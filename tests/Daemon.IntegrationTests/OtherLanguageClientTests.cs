using System.Diagnostics;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// The clients in other languages, run against the real daemon and the simulator: <c>clients/python/example.py</c> with python3 (over the pipe,
/// and spawning the daemon on stdio), and <c>clients/shell/example.sh</c> with bash and jq.
/// </summary>
public sealed class OtherLanguageClientTests
{
    [Fact]
    public async Task Example_DaemonOnPipe_StreamsTokensAndExportsEveryAnswer()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var pipe = new PipeName();
        // 300 ms before the first token: the example subscribes to tokens right after startJob answers, well before any row streams.
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(300), TokensPerSecond = 200 }, cancellationToken: ct);
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, temp.Sub("data"), ct);
        var questions = Datasets.Questions(4, "python-pipe");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("answers.jsonl"), "--pipe", pipe.Name);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Datasets.AssertAllAnswered(temp.File("answers.jsonl"), questions);
        Assert.Contains("token: ", stdout);
        Assert.Contains("progress: 4/4 done", stdout);
        Assert.Contains("exported 4 rows as jsonl", stdout);
    }

    [Fact]
    public async Task Example_SpawnsDaemonOnStdio_ExportsCsv_ListsTheFailedRowFromTheLedger()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "python-stdio");
        questions[1] += " [[sim:400]]";
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var batchai = $"\"{DaemonProcess.DotnetHost()}\" \"{DaemonProcess.DllPath}\"";

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("answers.csv"),
            "--batchai", batchai, "--data-dir", temp.Sub("data"));
        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}"); // a row failed
        Assert.Contains("exported 3 rows as csv", stdout);
        Assert.Matches(@"failed row 1 after 1 attempt\(s\): .*HTTP 400", stdout); // read back with getRows
        var csv = await File.ReadAllTextAsync(temp.File("answers.csv"), ct);
        Assert.All([questions[0], questions[2]], q => Assert.Contains(SimulatorServer.AnswerFor(q).Replace("\"", "\"\"", StringComparison.Ordinal), csv));
    }

    [Fact]
    public async Task Example_FormatAndSplit_ExportsAnHfDatasetFolder()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(8, "python-hf"));
        var batchai = $"\"{DaemonProcess.DotnetHost()}\" \"{DaemonProcess.DllPath}\"";

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("dataset"),
            "--format", "hf-dataset", "--test-split", "0.5", "--seed", "1", "--batchai", batchai, "--data-dir", temp.Sub("data"));

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("exported 8 rows as hf-dataset", stdout);
        Assert.True(File.Exists(temp.File("dataset/data/test-00000-of-00001.parquet")));
        Assert.Contains("- split: test", await File.ReadAllTextAsync(temp.File("dataset/README.md"), ct));
    }

    [Fact]
    public async Task Example_ConversationJsonl_ExportsOpenAiChatWithTheAnswerAsTheLastTurn()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        File.WriteAllText(temp.File("chats.jsonl"), """
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi, python conv 1"},{"role":"assistant","content":"Hello"},{"role":"user","content":"What is 2+2, python conv 1?"}]}
            {"messages":[{"role":"user","content":"One turn only, python conv 2"},{"role":"assistant","content":"a stale answer"}]}

            """, new System.Text.UTF8Encoding(false));
        var batchai = $"\"{DaemonProcess.DotnetHost()}\" \"{DaemonProcess.DllPath}\"";

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, temp.File("chats.jsonl"), "--base-url", simulator.BaseUrl.ToString(), "--model", "m",
            "--output", temp.File("chats.openai.jsonl"), "--format", "openai-chat", "--batchai", batchai, "--data-dir", temp.Sub("data"));

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("row 0 is sent as 4 messages: system: Be brief. | user: Hi, python conv 1 | assistant: Hello | user: What is 2+2, python conv 1?", stdout);
        Assert.Contains("exported 2 rows as openai-chat", stdout);
        var conversations = Datasets.ReadJsonl(temp.File("chats.openai.jsonl"))
            .Select(r => r.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList())
            .ToList();
        Assert.Equal(
            [("system", "Be brief."), ("user", "Hi, python conv 1"), ("assistant", "Hello"), ("user", "What is 2+2, python conv 1?"),
                ("assistant", SimulatorServer.AnswerFor("What is 2+2, python conv 1?"))],
            conversations[0]);
        // The stale answer after the last user turn is asked again.
        Assert.Equal([("user", "One turn only, python conv 2"), ("assistant", SimulatorServer.AnswerFor("One turn only, python conv 2"))], conversations[1]);
    }

    [Fact]
    public async Task PythonClient_UnitTests_StartJobParamsForModeBatchSamplesModelsJudgePassThrough()
    {
        var ct = Timeouts.Token();
        var python = FindOnPath("python3");
        Assert.SkipWhen(python is null, "python3 is not on PATH: the Python client's tests cannot run here.");
        var folder = Path.Combine(RepositoryRoot(), "clients", "python");

        var (exit, stdout, stderr) = await RunAsync(python!, "-m", folder, new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1" }, ct,
            "unittest", "-v", "test_batchai_client.py");

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        // Exit 0 is every test passed; the names say these ran (a warning may come between a name and its "ok").
        Assert.Contains("test_new_fields_pass_through_and_absent_ones_are_left_out", stderr);
        Assert.Contains("test_start_and_estimate_send_the_params_to_the_daemon", stderr);
        Assert.Contains("Ran 4 tests", stderr);
    }

    [Fact]
    public async Task Example_ModeTheDaemonRefuses_ExitsOneWithTheDaemonsReasonNamingMode()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(2, "python-mode"));
        var batchai = $"\"{DaemonProcess.DotnetHost()}\" \"{DaemonProcess.DllPath}\"";

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("answers.jsonl"),
            "--mode", "by-pigeon", "--samples", "2", "--batchai", batchai, "--data-dir", temp.Sub("data"));

        Assert.True(exit == 1, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Matches("startJob refused: mode must be one of .*by-pigeon", stderr);
        Assert.Equal(0, simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task ShellExample_SpawnsDaemonOnStdio_ExportsEveryAnswer()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the shell example is for bash on Linux and macOS");
        Assert.SkipWhen(FindOnPath("bash") is null || FindOnPath("jq") is null, "bash and jq are needed by clients/shell/example.sh and one is not on PATH.");
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "shell");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);

        var (exit, stdout, stderr) = await RunAsync(FindOnPath("bash")!, Path.Combine(RepositoryRoot(), "clients", "shell", "example.sh"), temp.Path,
            new Dictionary<string, string> { ["BATCHAI_DATA_DIR"] = temp.Sub("data") }, ct,
            input, simulator.BaseUrl.ToString(), "m", temp.File("answers.jsonl"), DaemonProcess.DotnetHost(), DaemonProcess.DllPath);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("exported 3 rows as jsonl", stdout);
        Datasets.AssertAllAnswered(temp.File("answers.jsonl"), questions);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunExampleAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var python = FindOnPath("python3");
        Assert.SkipWhen(python is null, "python3 is not on PATH: the Python client's example cannot run here.");
        return RunAsync(python!, Path.Combine(RepositoryRoot(), "clients", "python", "example.py"), workingDirectory, new Dictionary<string, string> { ["PYTHONUNBUFFERED"] = "1" }, cancellationToken, args);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string interpreter, string script, string workingDirectory, Dictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        var info = new ProcessStartInfo(interpreter)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("BATCHAI_DATA_DIR");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in time");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "clients", "python", "example.py")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no clients/python/example.py above {AppContext.BaseDirectory}");
    }
}
