using System.Collections.Concurrent;
using System.Diagnostics;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>
/// The real <c>batchai</c> executable as a child process (<c>dotnet batchai.dll ARGS</c>), with stdin, stdout and stderr redirected.
/// stdout is left as a raw stream for the protocol; stderr is read line by line so tests can wait for a log line.
/// Dispose kills the whole process tree.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _stderrPump;
    private TaskCompletionSource _stderrChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DaemonProcess(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The folder holding batchai.dll: the test's own output folder, since the test project references the daemon.</summary>
    public static string BinDirectory { get; } = AppContext.BaseDirectory;

    public static string DllPath { get; } = Path.Combine(BinDirectory, "batchai.dll");

    public int Id => _process.Id;

    /// <summary>Writes frames to the daemon.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>The daemon's raw stdout.</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the daemon wrote to stderr so far.</summary>
    public string Stderr => string.Join('\n', _stderr);

    public static DaemonProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, environment: null, args);

    /// <summary>Starts the daemon with extra environment variables (retry policy, auto-resume).</summary>
    public static DaemonProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException("batchai.dll is not next to the tests; does the test project still reference src/Daemon?", DllPath);
        }

        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // No ambient key or data directory may leak into the daemon from the developer's shell.
        info.Environment.Remove("OPENAI_API_KEY");
        info.Environment.Remove("ARK_API_KEY");
        info.Environment.Remove("BATCHAI_DATA_DIR");
        info.Environment.Remove("BATCHAI_PIPE");
        info.Environment.Remove("BATCHAI_PROFILE");
        info.Environment.Remove("BATCHAI_BASE_URL");
        info.Environment.Remove("BATCHAI_MODEL");
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "batchai-e2e-no-config");
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new DaemonProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start batchai"));
    }

    /// <summary>Completes once a stderr line contains <paramref name="text"/> (lines already read count); fails if the process exits first.</summary>
    public async Task<string> WaitForStderrAsync(string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _stderrChanged).Task;
            var line = _stderr.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_stderrPump.IsCompleted)
            {
                throw new InvalidOperationException($"batchai's stderr ended without a line containing '{text}'. Stderr:\n{Stderr}");
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit and its stderr to be read to the end; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
            await _stderrPump.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"batchai (pid {Id}) did not exit in time. Stderr:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Unix: no handler runs, nothing is flushed.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
        }

        _process.Dispose();
    }

    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private async Task PumpStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                _stderr.Enqueue(line);
                Interlocked.Exchange(ref _stderrChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        finally
        {
            Interlocked.Exchange(ref _stderrChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
