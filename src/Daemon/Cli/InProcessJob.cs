using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>Runs one job inside the CLI's own process (no daemon to talk to), showing its progress, and maps the end to an exit code.</summary>
internal static class InProcessJob
{
    public static DaemonSettings Settings => DaemonEnvironment.Apply(new DaemonSettings { PauseGrace = TimeSpan.FromSeconds(3) });

    public static async Task<int> WatchAsync(DaemonHost host, CliJobWatcher watcher, string jobId, CancellationToken cancellationToken)
    {
        // Ctrl+C pauses: answers in flight get a moment to land, and the rest waits in the ledger.
        await using var onCancel = cancellationToken.Register(() => _ = host.Jobs.PauseAsync(jobId));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var end = await ProgressView.ShowAsync(watcher, () => host.Jobs.Get(jobId).Counts);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var job = host.Jobs.Get(jobId);
        var c = job.Counts;
        Console.WriteLine();
        switch (end.State)
        {
            case JobState.Completed:
                Console.WriteLine($"Done in {seconds:0.0} s: {c.Done:N0} answered ({c.Cached:N0} from the cache), {c.Failed:N0} failed, {c.Skipped:N0} skipped (empty, duplicate or unreadable), "
                    + $"{c.PromptTokens + c.CompletionTokens:N0} tokens, {(c.Done + c.Failed) / seconds:0.0} rows/s.");
                Console.WriteLine($"Answers: {job.Output}");
                if (c.Failed > 0)
                {
                    Console.WriteLine($"Failed rows carry their error in the output. Last error: {job.LastError}");
                    return ExitCodes.RowsFailed;
                }

                return ExitCodes.Success;
            case JobState.Paused or JobState.Interrupted:
                Console.WriteLine($"Paused job {jobId} with {c.Done:N0} rows answered{(end.Message is { } m ? ": " + m : ".")}");
                Console.WriteLine($"Resume it with: batchai resume {jobId} --data-dir \"{host.DataDirectory}\"");
                return ExitCodes.Interrupted;
            default:
                Console.Error.WriteLine($"Job {jobId} {end.State.ToString().ToLowerInvariant()}: {end.Message ?? job.LastError}");
                return ExitCodes.JobFailed;
        }
    }

    public static async Task<DaemonHost?> StartHostAsync(string dataDirectory)
    {
        try
        {
            return await DaemonHost.StartAsync(dataDirectory, Settings, StderrLog.Write);
        }
        catch (Exception e) when (e is DataDirectoryInUseException or ArgumentException)
        {
            Console.Error.WriteLine($"batchai: {e.Message}");
            return null;
        }
    }
}
