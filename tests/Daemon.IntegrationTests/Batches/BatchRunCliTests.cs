using BatchAi.Daemon.IntegrationTests.TestSupport;

namespace BatchAi.Daemon.IntegrationTests.Batches;

/// <summary><c>batchai run --mode batch</c> with its flags, followed to the end like any run.</summary>
public sealed class BatchRunCliTests
{
    [Fact]
    public async Task RunModeBatch_WithFileLimit_CompletesWithOneBatchPerFile()
    {
        var ct = Timeouts.Token();
        await using var scene = await BatchScene.StartAsync(9, "cli", null, ct);

        var run = await CliRun.RunAsync(scene.Temp.Path, ct, "run", scene.Input, "--mode", "batch", "--batch-max-lines", "4", "--completion-window", "24h",
            "--batch-poll-seconds", "0.05", "--base-url", scene.Simulator.BaseUrl.ToString(), "-m", "sim-small", "-o", scene.Output, "--json", "--data-dir", scene.Data);
        var bad = await CliRun.RunAsync(scene.Temp.Path, ct, "run", scene.Input, "--mode", "batch", "--batch-max-lines", "0",
            "--base-url", scene.Simulator.BaseUrl.ToString(), "-m", "sim-small", "--data-dir", scene.Data);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        Assert.Equal(("completed", "batch", 3), (job.GetProperty("state").GetString(), job.GetProperty("mode").GetString(), job.GetProperty("batches").GetArrayLength()));
        Datasets.AssertAllAnswered(scene.Output, scene.Questions);
        scene.AssertEveryLineAnsweredOnce(files: 3);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("batch.maxLines", bad.Stderr + bad.Stdout);
    }
}
