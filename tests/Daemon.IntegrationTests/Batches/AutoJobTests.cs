using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.Batches;

/// <summary>
/// An auto job (<c>mode: auto</c>) through the real executable against the simulator: online while the endpoint's stated limit
/// has room before the deadline, the rest by batch from the end of the input; all by batch when the deadline is far.
/// </summary>
public sealed class AutoJobTests
{
    private const int Rows = 60;

    // Two requests a second, stated in OpenAI's x-ratelimit-* headers: 60 rows take online half a minute, more than the deadline allows.
    private static void TwoASecond(SimulatorOptions o) => (o.RequestsPerWindow, o.RateLimitWindow) = (2, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task AutoJob_NearDeadline_SendsTheFirstRowsOnlineAndTheRestByBatch_EachRowOnce()
    {
        var ct = Timeouts.Token(TimeSpan.FromSeconds(90));
        await using var scene = await BatchScene.StartAsync(Rows, "auto-near", TwoASecond, ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.AutoJob(DateTimeOffset.UtcNow.AddSeconds(8)), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await client.GetJobAsync(jobId, ct);
        var rows = (await client.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: 1000), ct)).Rows;

        Assert.Equal(JobModes.Auto, job.Mode);
        Assert.Equal(((long)Rows, 0L), (job.Counts.Done, job.Counts.Failed));
        AssertSplit(scene, jobId, job, rows);
        Assert.InRange(job.Counts.ByBatch, 1, Rows - 1);
    }

    [Fact]
    public async Task AutoJob_KilledWhileItsBatchRuns_ResumesWithTheSameBatchAndEachRowOnce()
    {
        var ct = Timeouts.Token(TimeSpan.FromSeconds(90));
        await using var scene = await BatchScene.StartAsync(Rows, "auto-kill", o => { TwoASecond(o); o.BatchCompletionTime = TimeSpan.FromSeconds(2); }, ct);

        string jobId;
        var (first, client) = await scene.DaemonAsync(ct, new Dictionary<string, string> { ["BATCHAI_TEST_CRASH_AT"] = "batch-polled" });
        await using (first)
        await using (client)
        {
            jobId = await scene.StartAsync(client, scene.AutoJob(DateTimeOffset.UtcNow.AddSeconds(8)), ct);
            Assert.Equal(137, await first.WaitForExitAsync(ct));
        }

        var (second, again) = await scene.DaemonAsync(ct);
        await using var _ = second;
        await using var __ = again;
        var before = Assert.Single((await again.GetJobAsync(jobId, ct)).Batches!);
        await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await again.GetJobAsync(jobId, ct);
        var rows = (await again.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: 1000), ct)).Rows;

        // The batch made before the kill kept its rows (a later one may take more, the deadline having come nearer).
        Assert.Equal((before.Seq, before.Lines, before.BatchId), (job.Batches![0].Seq, job.Batches![0].Lines, job.Batches![0].BatchId));
        Assert.Equal(before.Lines, rows.Count(r => r.Batch == before.BatchId));
        Assert.Equal(((long)Rows, 0L), (job.Counts.Done, job.Counts.Failed));
        AssertSplit(scene, jobId, job, rows);
    }

    [Fact]
    public async Task RunModeAuto_DeadlineAfterTheCompletionWindow_SendsEveryRowByBatch()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(12, "auto-far", TwoASecond, ct);

        var run = await CliRun.RunAsync(scene.Temp.Path, ct, "run", scene.Input, "--mode", "auto", "--deadline", "48h", "--completion-window", "24h",
            "--batch-poll-seconds", "0.05", "--base-url", scene.Simulator.BaseUrl.ToString(), "-m", "sim-small", "-o", scene.Output, "--json", "--data-dir", scene.Data);
        var bad = await CliRun.RunAsync(scene.Temp.Path, ct, "run", scene.Input, "--mode", "auto", "--deadline", "tomorrow",
            "--base-url", scene.Simulator.BaseUrl.ToString(), "-m", "sim-small", "--data-dir", scene.Data);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        Assert.Equal(("completed", "auto"), (job.GetProperty("state").GetString(), job.GetProperty("mode").GetString()));
        Assert.Equal(12, job.GetProperty("counts").GetProperty("byBatch").GetInt64());
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        scene.AssertEveryLineAnsweredOnce(files: 1); // nothing online
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--deadline", bad.Stderr + bad.Stdout);
    }

    /// <summary>
    /// Every row answered once, by exactly one way: the rows with a batch were batch lines and never sent online, the others went
    /// online and were in no batch; the batch took the end of the input; the counts say how many went by batch.
    /// </summary>
    private static void AssertSplit(BatchScene scene, string jobId, JobInfo job, IReadOnlyList<JobRow> rows)
    {
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        var byBatch = rows.Where(r => r.Batch is not null).Select(r => r.Row).ToList();
        var online = rows.Where(r => r.Batch is null).Select(r => r.Row).ToList();
        var lines = scene.Simulator.Stats.BatchLinesByCustomId;
        Assert.Equal(byBatch.Count, job.Counts.ByBatch);
        Assert.NotEmpty(online);
        Assert.NotEmpty(byBatch);
        Assert.True(online.Max() < byBatch.Min(), $"online rows up to {online.Max()}, batch rows from {byBatch.Min()}: the batch did not take the end");
        Assert.Equal(byBatch.Select(r => $"{jobId}:{r}").Order(StringComparer.Ordinal), lines.Keys.Order(StringComparer.Ordinal));
        Assert.All(lines.Values, n => Assert.Equal(1, n));
        Assert.All(byBatch, r => Assert.Equal(0, scene.Simulator.Stats.RequestsFor(scene.Questions[r])));
        Assert.All(online, r => Assert.True(scene.Simulator.Stats.RequestsFor(scene.Questions[r]) > 0, $"row {r} was not sent online"));
        Assert.Equal(scene.Simulator.Stats.FileUploads, job.Batches!.Count);
        Assert.Equal(scene.Simulator.Stats.BatchesCreated, job.Batches!.Count);
    }
}
