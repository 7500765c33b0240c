using System.Diagnostics;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>
/// A real full disk: the data directory on a 16 MB tmpfs, filled up while a job runs. The job pauses
/// naming the cause and goes on by itself once space is freed. Needs root (mount), as CI has.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task LedgerDiskFills_JobPausesSayingFull_ResumesWhenSpaceIsFreed()
    {
        Assert.SkipUnless(Environment.UserName == "root" && OperatingSystem.IsLinux(), "mounting a small tmpfs needs root on Linux");
        using var dir = new TempDirectory();
        var mount = dir.File("tiny");
        Directory.CreateDirectory(mount);
        Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount);
        try
        {
            await using var simulator = await SimulatorServer.StartAsync(
                new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(2), MinAnswerTokens = 60, MaxAnswerTokens = 80 }, cancellationToken: Timeouts.Token());
            var settings = new DaemonSettings { Retry = FastRetries, LedgerBusyTimeout = TimeSpan.FromSeconds(1), LedgerProbeInterval = TimeSpan.FromMilliseconds(200) };
            await using var host = await DaemonHost.StartAsync(Path.Combine(mount, "data"), settings, _ => { });
            var watcher = new StateWatcher();
            using var registration = host.Hub.Register(watcher);
            var input = dir.WriteText("q.csv", "question\n" + string.Join('\n', Enumerable.Range(0, 3000).Select(i => $"Question number {i}, asked at some length so rows take room?")) + "\n");

            // Leave the ledger about 300 KB: the job's answers need several times that.
            var filler = Path.Combine(mount, "filler");
            File.WriteAllBytes(filler, new byte[(int)(new DriveInfo(mount).AvailableFreeSpace - 300_000)]);
            var started = await host.Jobs.StartAsync(
                new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "m"), dir.File("out.jsonl"), Concurrency: 8), watcher.Watch, Timeouts.Token());

            var paused = await watcher.Reached(JobState.Paused).WaitAsync(Timeouts.Token());
            Assert.Contains("could not write the ledger", paused.Message);
            Assert.Contains("full", paused.Message, StringComparison.OrdinalIgnoreCase);
            File.Delete(filler);

            await watcher.Reached(JobState.Completed).WaitAsync(Timeouts.Token(TimeSpan.FromSeconds(60)));
            var job = host.Jobs.Get(started.JobId);
            Assert.Equal((3000L, 0L), (job.Counts.Done, job.Counts.Failed));
            Assert.Equal(3000, File.ReadAllLines(dir.File("out.jsonl")).Length);
        }
        finally
        {
            Run("umount", "-l", mount);
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException(file);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }

    private sealed class StateWatcher : Watchers.INotificationSink
    {
        private readonly Dictionary<JobState, TaskCompletionSource<JobStateChanged>> _states = Enum.GetValues<JobState>()
            .ToDictionary(s => s, _ => new TaskCompletionSource<JobStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously));

        private volatile string? _jobId;

        public void Watch(string jobId) => _jobId = jobId;

        public Task<JobStateChanged> Reached(JobState state) => _states[state].Task;

        public void OnStateChanged(JobStateChanged change)
        {
            if (change.JobId == _jobId)
            {
                _states[change.State].TrySetResult(change);
            }
        }

        public void OnRowCompleted(JobRowCompleted row)
        {
        }

        public void OnProgress(JobProgress progress)
        {
        }

        public bool WantsTokens(string jobId) => false;

        public void OnToken(JobToken token)
        {
        }
    }
}
