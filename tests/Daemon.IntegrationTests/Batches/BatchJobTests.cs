using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.IntegrationTests.Batches;

/// <summary>A batch job (<c>mode: batch</c>) through the real executable against the simulator's Files and Batches API.</summary>
public sealed class BatchJobTests
{
    [Fact]
    public async Task BatchJob_ThreeFiles_EveryRowOnceAndTheSameAnswersAsAnOnlineJob()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(70, "batch", null, ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 25), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await client.GetJobAsync(jobId, ct);
        var online = await scene.StartAsync(client, new StartJobParams(scene.Input, new ProviderConfig(scene.Simulator.BaseUrl.ToString(), "sim-small"),
            scene.Temp.File("online.jsonl"), Cache: false), ct);
        await client.Notifications.WaitForStateAsync(online, JobState.Completed, ct);
        var rows = await client.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: 5), ct);

        Assert.Equal(JobModes.Batch, job.Mode);
        Assert.Equal((70L, 0L, 70L), (job.Counts.Done, job.Counts.Failed, job.Counts.ByBatch));
        Assert.Equal([25L, 25L, 20L], job.Batches!.Select(b => b.Lines));
        Assert.All(job.Batches!, b => Assert.Equal((BatchStates.Folded, true, true), (b.State, b.FileId is not null, b.BatchId?.StartsWith("batch_", StringComparison.Ordinal))));
        Assert.Equal(job.Batches![0].BatchId, rows.Rows[0].Batch);
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        Assert.Equal(
            Datasets.ReadJsonl(scene.Temp.File("online.jsonl")).Select(r => r.GetProperty("answer").GetString()),
            Datasets.ReadJsonl(scene.Output).Select(r => r.GetProperty("answer").GetString()));
        Assert.Equal(3, scene.Simulator.Stats.FileUploads);
        Assert.Equal(3, scene.Simulator.Stats.BatchesCreated);
        Assert.All(scene.Simulator.Stats.BatchLinesByCustomId.Values, n => Assert.Equal(1, n));
        Assert.Empty(Directory.GetFiles(Path.Combine(scene.Data, "batches", jobId))); // request files go once folded
    }

    [Fact]
    public async Task BatchJob_FailedAndExpiredLines_GoOutAgainInNewBatchesUntilAnswered()
    {
        var ct = Timeouts.Token();
        // The draws are keyed by custom_id, which holds the job's random id, so each run draws afresh. The shares keep the odds of
        // a row failing or expiring in all five of its batches (when it fails for good) near one run in a thousand: at 20 % and
        // 10 % they were one in seven, and CI saw it. Three lines of the first batch expire (5 % of 60, the simulator's rounding).
        await using var scene = await BatchScene.StartAsync(60, "retry", o => (o.Seed, o.BatchFailedShare, o.BatchExpiredShare) = (3, 0.1, 0.05), ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 100), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await client.GetJobAsync(jobId, ct);

        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        Assert.True(job.Batches!.Count >= 2, $"{job.Batches!.Count} batch(es): the failed and expired lines did not go out again");
        Assert.Equal(60, job.Batches![0].Lines);
        Assert.True(job.Batches![1].Lines < 60);
        Assert.Equal(job.Batches!.Count, scene.Simulator.Stats.BatchesCreated);
        Assert.Equal(60, scene.Simulator.Stats.BatchLinesSucceeded); // each row answered once; only failed or expired lines went again
        Assert.True(scene.Simulator.Stats.BatchLinesExpired > 0 && scene.Simulator.Stats.BatchLinesFailed > 0);
    }

    [Fact]
    public async Task BatchJob_ValidationFails_RowsFailWithTheProvidersMessage()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(10, "invalid", o => o.BatchFailValidation = true, ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 100), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await client.GetJobAsync(jobId, ct);
        var rows = await client.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId), ct);

        Assert.Equal((0L, 10L), (job.Counts.Done, job.Counts.Failed));
        var batch = Assert.Single(job.Batches!);
        Assert.Equal(BatchStates.Failed, batch.State);
        Assert.Contains($"batch {batch.BatchId} failed: invalid_request: Simulated validation failure", job.LastError);
        Assert.Contains("invalid_request: Simulated validation failure", batch.Error);
        Assert.All(rows.Rows, r => Assert.StartsWith($"row {r.Row}: invalid_request: Simulated validation failure", r.Error));
        Assert.Equal(1, scene.Simulator.Stats.BatchesCreated); // refused for good: not sent again
    }

    [Fact]
    public async Task BatchJob_EnqueuedTokenQuotaFull_WaitsAndSendsTheRefusedFileAgain()
    {
        var ct = Timeouts.Token();
        // Room for one file's prompt tokens at a time: the second batch is refused with token_limit_exceeded until the first ends.
        await using var scene = await BatchScene.StartAsync(40, "quota", o => (o.BatchEnqueuedTokenLimit, o.BatchCompletionTime) = (600, TimeSpan.FromSeconds(1)), ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 20), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await client.GetJobAsync(jobId, ct);

        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        Assert.Contains(job.Batches!, b => b.State == BatchStates.Failed && b.Error!.Contains("token_limit_exceeded", StringComparison.Ordinal));
        Assert.Equal(40, scene.Simulator.Stats.BatchLinesSucceeded);
    }

    [Fact]
    public async Task CancelJob_WhileABatchRuns_CancelsItAtTheProviderAndKeepsTheLinesItAnswered()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(40, "cancel", o => o.BatchCompletionTime = TimeSpan.FromSeconds(20), ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 100), ct);
        await scene.Simulator.Stats.WaitUntilAsync(s => s.BatchLinesSucceeded >= 5, ct);
        var cancelled = await client.CallAsync<JobInfo>(Methods.CancelJob, new JobIdParams(jobId), ct);
        var answered = Datasets.ReadJsonl(scene.Output).Where(r => r.GetProperty("answer").ValueKind == System.Text.Json.JsonValueKind.String).ToList();

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.InRange(cancelled.Counts.Done, 5, 39);
        Assert.Equal(cancelled.Counts.Done, answered.Count);
        Assert.All(answered, r => Assert.Equal(Simulator.SimulatorServer.AnswerFor(r.GetProperty("question").GetString()!), r.GetProperty("answer").GetString()));
        Assert.Equal(BatchStates.Folded, Assert.Single(cancelled.Batches!).State);
        Assert.Equal(1, scene.Simulator.Stats.BatchesFinished);
        Assert.Equal(0, cancelled.Counts.Submitted);
    }

    [Fact]
    public async Task PauseJob_WhileABatchRuns_PausesAtOnceAndStillFoldsTheBatch()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(30, "pause", o => o.BatchCompletionTime = TimeSpan.FromSeconds(4), ct);
        var (daemon, client) = await scene.DaemonAsync(ct);
        await using var _ = daemon;
        await using var __ = client;

        var jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: 100), ct);
        await scene.Simulator.Stats.WaitUntilAsync(s => s.BatchesCreated == 1, ct);
        var paused = await client.CallAsync<JobInfo>(Methods.PauseJob, new JobIdParams(jobId), ct);
        await scene.Simulator.Stats.WaitUntilAsync(s => s.BatchesFinished == 1, ct);
        var folded = await client.Notifications.WaitForProgressAsync(jobId, p => p.Counts.Done == 30, ct);
        var resumed = await client.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);

        Assert.Equal(JobState.Paused, paused.State);
        Assert.Equal(30, paused.Counts.Submitted);
        Assert.Equal(JobState.Paused, folded.State);
        Assert.Equal(JobState.Running, resumed.State);
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        Assert.Equal(1, scene.Simulator.Stats.BatchesCreated);
    }
}
