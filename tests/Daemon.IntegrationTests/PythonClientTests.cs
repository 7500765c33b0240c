using System.Diagnostics;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>clients/python/example.py</c>, run with python3 against the real daemon (over its pipe, and spawned on stdio) and the simulator.</summary>
public sealed class PythonClientTests
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
    public async Task Example_SpawnsDaemonOnStdio_ExportsCsvWithEveryAnswer()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "python-stdio");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var batchai = $"\"{DaemonProcess.DotnetHost()}\" \"{DaemonProcess.DllPath}\"";

        var (exit, stdout, stderr) = await RunExampleAsync(temp.Path, ct, input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("answers.csv"),
            "--batchai", batchai, "--data-dir", temp.Sub("data"));
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("exported 3 rows as csv", stdout);
        var csv = await File.ReadAllTextAsync(temp.File("answers.csv"), ct);
        Assert.All(questions, q => Assert.Contains(SimulatorServer.AnswerFor(q).Replace("\"", "\"\"", StringComparison.Ordinal), csv));
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunExampleAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var python = FindOnPath("python3");
        Assert.SkipWhen(python is null, "python3 is not on PATH: the Python client's example cannot run here.");
        var info = new ProcessStartInfo(python!)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryRoot(), "clients", "python", "example.py"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PYTHONUNBUFFERED"] = "1";
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
            throw new TimeoutException("example.py did not finish in time");
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
