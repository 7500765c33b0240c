using System.Diagnostics;

namespace BatchAi.Bench;

/// <summary>The real daemon executable (<c>batchai serve --pipe</c>) for benchmarks that measure it as a process of its own.</summary>
internal static class DaemonProcess
{
    /// <param name="environment">Variables for this daemon alone (the batch benchmark's crash points).</param>
    public static Process Start(string dll, string pipeName, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--pipe", pipeName, "--data-dir", dataDirectory })
        {
            info.ArgumentList.Add(arg);
        }

        // For experiments with runtime knobs on the daemon alone: BENCH_DAEMON_ENV="DOTNET_TieredPGO=0;DOTNET_gcServer=1".
        foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_DAEMON_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            info.Environment[name] = value;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start batchai");
    }

    /// <summary>Reads the daemon's stderr to the end (so it never blocks on a full pipe) and lets the soak wait for lines.</summary>
    public sealed class Log
    {
        private readonly List<string> _lines = [];

        public Log(Process daemon)
        {
            daemon.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (_lines)
                    {
                        _lines.Add(e.Data);
                        // BENCH_DAEMON_LOG=FILE keeps the daemon's log, to see where a figure's time went.
                        if (Environment.GetEnvironmentVariable("BENCH_DAEMON_LOG") is { Length: > 0 } path)
                        {
                            File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {e.Data}\n");
                        }
                    }
                }
            };
            daemon.BeginErrorReadLine();
            daemon.OutputDataReceived += (_, _) => { };
            daemon.BeginOutputReadLine();
        }

        public int Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Count;
                }
            }
        }

        public async Task WaitForAsync(string text, int count, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (Count(text) < count)
            {
                if (deadline.Elapsed > timeout)
                {
                    throw new TimeoutException($"the daemon did not log '{text}' {count} times within {timeout}");
                }

                // A benchmark, not a test: polling the log every 100 ms is good enough here.
                await Task.Delay(100);
            }
        }

        /// <summary>The lines logged so far that hold <paramref name="text"/>.</summary>
        public IReadOnlyList<string> Matching(string text)
        {
            lock (_lines)
            {
                return _lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
            }
        }

        private int Count(string text)
        {
            lock (_lines)
            {
                return _lines.Count(l => l.Contains(text, StringComparison.Ordinal));
            }
        }
    }
}
