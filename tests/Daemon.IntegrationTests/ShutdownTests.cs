using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>The <c>shutdown</c> method: the process ends cleanly and running work is kept for resumeJob.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Shutdown_OverStdioWithRunningJob_ExitsZeroAndJobIsInterruptedForTheNextDaemon()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        // Row 2 never gets an answer, so the job is certainly still running when shutdown arrives.
        string[] questions = ["first?", "second?", "third, never answered? [[sim:hang]]", "fourth?"];
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);

        string jobId;
        await using (var daemon = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data))
        await using (var client = RpcClient.OverStreams(daemon.StandardInput, daemon.StandardOutput))
        {
            await client.InitializeAsync(ct);
            var started = await client.CallAsync<StartJobResult>(
                Methods.StartJob,
                new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), temp.File("out.jsonl"), Concurrency: 1),
                ct);
            jobId = started.JobId;
            await simulator.Stats.WaitUntilAsync(s => s.RequestsFor(questions[2]) == 1 && s.InFlight == 1, ct);
            Assert.Equal(JobState.Running, (await client.GetJobAsync(jobId, ct)).State);

            await client.CallAsync<object>(Methods.Shutdown, new { }, ct);
            Assert.Equal(0, await daemon.WaitForExitAsync(ct));
            Assert.Contains("stopped", daemon.Stderr);
        }

        await using var next = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data);
        await using var again = RpcClient.OverStreams(next.StandardInput, next.StandardOutput);
        await again.InitializeAsync(ct);
        var job = await again.GetJobAsync(jobId, ct);
        Assert.Equal(JobState.Interrupted, job.State);
        Assert.Equal(2, job.Counts.Done);
        Assert.Equal(2, job.Counts.Pending);
    }

    [Fact]
    public async Task Shutdown_OverStdioWithRunningJob_ClientHearsInterruptedBeforeStdoutCloses()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        string[] questions = ["never answered? [[sim:hang]]"];
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        await using var daemon = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", temp.Sub("data"));
        var stdout = new RecordingStream(daemon.StandardOutput);
        await using var client = RpcClient.OverStreams(daemon.StandardInput, stdout);
        await client.InitializeAsync(ct);
        var started = await client.CallAsync<StartJobResult>(
            Methods.StartJob, new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), temp.File("out.jsonl")), ct);
        await simulator.Stats.WaitUntilAsync(s => s.RequestsFor(questions[0]) == 1, ct);

        await client.CallAsync<object>(Methods.Shutdown, new { }, ct);
        Assert.Equal(0, await daemon.WaitForExitAsync(ct));
        await client.Completion.WaitAsync(ct).ContinueWith(_ => { }, ct, TaskContinuationOptions.None, TaskScheduler.Default);

        // Everything the daemon wrote before closing stdout has been read (the client saw EOF), so the recording is complete.
        var states = Frames.ParseAll(stdout.Recorded())
            .Where(f => f.RootElement.TryGetProperty("method", out var m) && m.GetString() == Protocol.Notifications.JobStateChanged)
            .Select(f => f.RootElement.GetProperty("params"))
            .Where(p => p.GetProperty("jobId").GetString() == started.JobId)
            .Select(p => p.GetProperty("state").GetString())
            .ToList();
        Assert.Contains("interrupted", states);
    }
}
