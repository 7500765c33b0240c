using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.IntegrationTests.Batches;

/// <summary>
/// A batch job's daemon killed (SIGKILL) at each step of its batches, then started again: the ledger says where each file was,
/// an upload or create that reached the provider unrecorded is found there and adopted, and a line folded before the kill
/// is not folded again. The simulator sees exactly one upload and one batch per file, and every row is answered once.
/// </summary>
public sealed class BatchKillTests
{
    private const int Rows = 50;
    private const int LinesPerFile = 20; // three files: 20, 20, 10

    public static TheoryData<string> Points() =>
    [
        "batch-written",   // the first file on disk, none recorded: rows still pending
        "batch-recorded",  // the first file recorded, its rows not yet marked submitted (the next daemon marks them), nothing uploaded
        "batch-uploaded",  // the first upload reached the provider, its file id not recorded
        "batch-created",   // the first create reached the provider, its batch id not recorded
        "batch-polled",    // a batch in progress, stored
        "batch-folding",   // the first batch's output folded, the batch not marked folded
    ];

    [Theory]
    [MemberData(nameof(Points))]
    public async Task BatchJob_KilledAtAStep_ResumesWithOneUploadAndOneBatchPerFileAndEveryRowOnce(string point)
    {
        var ct = Timeouts.Token(TimeSpan.FromSeconds(90));
        await using var scene = await BatchScene.StartAsync(Rows, point, null, ct);

        string jobId;
        var (first, client) = await scene.DaemonAsync(ct, new Dictionary<string, string> { ["BATCHAI_TEST_CRASH_AT"] = point });
        await using (first)
        await using (client)
        {
            jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: LinesPerFile), ct);
            Assert.Equal(137, await first.WaitForExitAsync(ct));
            Assert.Contains($"killed at {point}", first.Stderr);
        }

        var (second, again) = await scene.DaemonAsync(ct);
        await using var _ = second;
        await using var __ = again;
        Assert.Equal(JobState.Interrupted, (await again.GetJobAsync(jobId, ct)).State);
        await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await again.GetJobAsync(jobId, ct);

        Assert.Equal(((long)Rows, 0L), (job.Counts.Done, job.Counts.Failed));
        Assert.Equal([20L, 20L, 10L], job.Batches!.Select(b => b.Lines));
        Assert.All(job.Batches!, b => Assert.Equal(BatchStates.Folded, b.State));
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        scene.AssertEveryLineAnsweredOnce(files: 3);
    }

    [Fact]
    public async Task BatchJob_KilledBeforeUploadAndItsFilesDeleted_WritesTheRowsAgainInNewFiles()
    {
        var ct = Timeouts.Token(TimeSpan.FromSeconds(90));
        await using var scene = await BatchScene.StartAsync(Rows, "gone", null, ct);

        string jobId;
        var (first, client) = await scene.DaemonAsync(ct, new Dictionary<string, string> { ["BATCHAI_TEST_CRASH_AT"] = "batch-recorded" });
        await using (first)
        await using (client)
        {
            jobId = await scene.StartAsync(client, scene.BatchJob(maxLines: LinesPerFile), ct);
            Assert.Equal(137, await first.WaitForExitAsync(ct));
        }

        var folder = Path.Combine(scene.Data, "batches", jobId);
        Assert.NotEmpty(Directory.GetFiles(folder, "*.jsonl")); // the first, recorded; the next ones perhaps, not recorded
        foreach (var file in Directory.GetFiles(folder))
        {
            File.Delete(file);
        }

        var (second, again) = await scene.DaemonAsync(ct);
        await using var _ = second;
        await using var __ = again;
        await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var job = await again.GetJobAsync(jobId, ct);

        // The recorded file is gone: it fails, its rows go out again with the rows no file recorded, in three new files.
        Assert.Equal([1, 2, 3, 4], job.Batches!.Select(b => b.Seq));
        Assert.Equal((BatchStates.Failed, true), (job.Batches![0].State, job.Batches![0].Error!.Contains("is gone", StringComparison.Ordinal)));
        Assert.All(job.Batches!.Skip(1), b => Assert.Equal(BatchStates.Folded, b.State));
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        scene.AssertEveryLineAnsweredOnce(files: 3); // the lost files never reached the provider
    }
}
