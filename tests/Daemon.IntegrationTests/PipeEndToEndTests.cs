using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai serve --pipe NAME</c>: many clients, one daemon per pipe name.</summary>
public sealed class PipeEndToEndTests
{
    [Fact]
    public async Task ServePipe_JobWithStreamedTokens_EveryRowAnsweredOnceInOrder()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) }, cancellationToken: ct);
        var questions = Datasets.Questions(30, "pipe");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");
        using var name = new PipeName();
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, name, temp.Sub("data"), ct);

        await using var client = await RpcClient.ConnectPipeAsync(name.Name, ct);
        var init = await client.InitializeAsync(ct);
        Assert.Equal(ProtocolInfo.Version, init.ProtocolVersion);
        var started = await client.CallAsync<StartJobResult>(
            Methods.StartJob,
            new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: 4, StreamTokens: true),
            ct);
        var n = client.Notifications;
        await n.WaitForStateAsync(started.JobId, JobState.Completed, ct);

        var rows = n.Rows.Where(r => r.JobId == started.JobId).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), rows.Select(r => r.Row).Order());
        Assert.All(rows, r =>
        {
            Assert.True(r.Succeeded, r.Error);
            Assert.Equal(SimulatorServer.AnswerFor(questions[r.Row]), r.Answer);
            Assert.Equal(r.Answer, n.StreamedBeforeCompletion.GetValueOrDefault((started.JobId, r.Row)));
        });
        Assert.NotEmpty(n.Progress);
        Datasets.AssertAllAnswered(output, questions);
        Assert.Equal(30, questions.Sum(q => simulator.Stats.RequestsFor(q)));

        // shutdown stops the pipe daemon cleanly and takes its socket away.
        Assert.True(File.Exists(name.SocketPath));
        await client.CallAsync<object>(Methods.Shutdown, new { }, ct);
        Assert.Equal(0, await daemon.WaitForExitAsync(ct));
        Assert.False(File.Exists(name.SocketPath));
    }

    [Fact]
    public async Task ServePipe_TwoClientsAndStarterLeavesMidJob_JobCompletesAndOthersSeeIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        // Row 0 is refused once with a 2 s Retry-After, which the daemon honours: the job cannot finish within 2 s of starting,
        // so the starter's departure after the first answered row is certainly mid-job, without any sleep in the test.
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10), RetryAfter = TimeSpan.FromSeconds(2) }, cancellationToken: ct);
        var questions = Datasets.Questions(30, "two-clients");
        questions[0] += " [[sim:429x1]]";
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");
        using var name = new PipeName();
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, name, temp.Sub("data"), ct);

        await using var observer = await RpcClient.ConnectPipeAsync(name.Name, ct);
        await observer.InitializeAsync(ct);
        string jobId;
        await using (var starter = await RpcClient.ConnectPipeAsync(name.Name, ct))
        {
            await starter.InitializeAsync(ct);
            var started = await starter.CallAsync<StartJobResult>(
                Methods.StartJob, new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: 2), ct);
            jobId = started.JobId;

            // Both connections hear of the job.
            await starter.Notifications.WaitForRowsAsync(jobId, 1, ct);
            await observer.Notifications.WaitForRowsAsync(jobId, 1, ct);
        }

        await daemon.WaitForStderrAsync(": disconnected", ct);
        var midway = await observer.GetJobAsync(jobId, ct);
        Assert.Equal(JobState.Running, midway.State);
        Assert.True(midway.Counts.Done < 30, $"the job was already done ({midway.Counts.Done} rows) when the starter left");

        var completed = await observer.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        Assert.Equal(jobId, completed.JobId);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), observer.Notifications.Rows.Where(r => r.JobId == jobId).Select(r => r.Row).Order());
        Assert.Contains(observer.Notifications.States, s => s.JobId == jobId && s.State == JobState.Running);
        Datasets.AssertAllAnswered(output, questions);
        Assert.Equal(2, simulator.Stats.RequestsFor(questions[0]));

        await using var latecomer = await RpcClient.ConnectPipeAsync(name.Name, ct);
        var list = await latecomer.CallAsync<ListJobsResult>(Methods.ListJobs, new { }, ct);
        var listed = Assert.Single(list.Jobs, j => j.JobId == jobId);
        Assert.Equal(JobState.Completed, listed.State);
        Assert.Equal(30, listed.Counts.Done);
    }

    [Fact]
    public async Task ServePipe_SecondDaemonOnSamePipe_ExitsInUseAndFirstKeepsServing()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var name = new PipeName();
        await using var first = await PipeDaemon.StartAsync(temp.Path, name, temp.Sub("data1"), ct);
        await using var firstClient = await RpcClient.ConnectPipeAsync(name.Name, ct);
        await firstClient.InitializeAsync(ct);

        // Its own data directory, so it is the pipe (not the ledger lock) that refuses it.
        await using var second = DaemonProcess.Start(temp.Path, "serve", "--pipe", name.Name, "--data-dir", temp.Sub("data2"));
        Assert.Equal(4, await second.WaitForExitAsync(ct));
        Assert.Contains($"Another batchai daemon is already serving pipe '{name}'", second.Stderr);

        // The first daemon's socket was left alone: the open connection and a new one both work.
        Assert.False(first.HasExited);
        var again = await firstClient.InitializeAsync(ct);
        Assert.EndsWith("data1", again.DataDirectory);
        await using var newClient = await RpcClient.ConnectPipeAsync(name.Name, ct);
        var viaNew = await newClient.InitializeAsync(ct);
        Assert.EndsWith("data1", viaNew.DataDirectory);
    }

    [Fact]
    public async Task ServePipe_SecondDaemonOnSameDataDirectory_ExitsInUseAndFirstKeepsServing()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        using var name = new PipeName();
        await using var first = await PipeDaemon.StartAsync(temp.Path, name, data, ct);

        using var otherName = new PipeName();
        await using var second = DaemonProcess.Start(temp.Path, "serve", "--pipe", otherName.Name, "--data-dir", data);
        Assert.Equal(4, await second.WaitForExitAsync(ct));
        Assert.Contains($"The data directory {data} is in use by another batchai process", second.Stderr);

        await using var client = await RpcClient.ConnectPipeAsync(name.Name, ct);
        var info = await client.InitializeAsync(ct);
        Assert.Equal(data, info.DataDirectory);
    }
}
