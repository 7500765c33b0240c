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
            await using var harness = await StartAsync(
                new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(2), MinAnswerTokens = 60, MaxAnswerTokens = 80 },
                new DaemonSettings { Retry = FastRetries, LedgerBusyTimeout = TimeSpan.FromSeconds(1), LedgerProbeInterval = TimeSpan.FromMilliseconds(200) },
                Path.Combine(mount, "data"));
            var (rpc, notes) = harness.Connect();
            var input = harness.WriteQuestions("q.csv", 3000, i => $"Question number {i}, asked at some length so rows take room?");

            // Leave the ledger about 300 KB: the job's answers need several times that.
            var filler = Path.Combine(mount, "filler");
            File.WriteAllBytes(filler, new byte[(int)(new DriveInfo(mount).AvailableFreeSpace - 300_000)]);
            var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 8));

            var paused = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
            Assert.Contains("could not write the ledger", paused.Message);
            Assert.Contains("full", paused.Message, StringComparison.OrdinalIgnoreCase);
            File.Delete(filler);

            await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
            var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
            Assert.Equal((3000L, 0L), (job.Counts.Done, job.Counts.Failed));
            Assert.Equal(3000, File.ReadAllLines(started.Output).Length);
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
}
