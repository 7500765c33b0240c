using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Pause, resume and cancel through the protocol.</summary>
public sealed class ControlTests
{
    [Fact]
    public async Task PauseThenResume_EveryRowAnsweredOnce_NoRowAskedTwice()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(30) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 40);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2));
        await notes.WaitForRowsAsync(started.JobId, 4, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.PauseJob, new JobIdParams(started.JobId));

        Assert.Equal(JobState.Paused, paused.State);
        Assert.Equal(0, paused.Counts.InFlight);
        Assert.InRange(paused.Counts.Done, 4, 39);
        var requestsWhilePaused = harness.Simulator.Stats.TotalRequests;

        var resumed = await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId));
        Assert.Equal(JobState.Running, resumed.State);
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(40, File.ReadAllLines(started.Output).Length);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Equal(1, harness.Simulator.Stats.RequestsFor($"Question number {i}?")));
        Assert.Equal(40, harness.Simulator.Stats.TotalRequests);
        Assert.True(requestsWhilePaused < 40);
    }

    [Fact]
    public async Task Cancel_RunningJob_CancelledAndOutputHoldsEveryRow()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(30) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 50);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2));
        await notes.WaitForRowsAsync(started.JobId, 2, Timeouts.Token());
        var cancelled = await CallAsync<JobInfo>(rpc, Methods.CancelJob, new JobIdParams(started.JobId));

        Assert.Equal(JobState.Cancelled, cancelled.State);
        var lines = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(50, lines.Count);
        Assert.Contains(lines, l => l.GetProperty("answer").ValueKind == JsonValueKind.String);
        Assert.Contains(lines, l => l.GetProperty("error").GetString()?.Contains("not answered") == true);

        var error = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(
            () => CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId)));
        Assert.Equal(ErrorCodes.InvalidJobState, error.ErrorCode);
    }

    [Fact]
    public async Task Pause_HungRequest_ReturnedToPendingAfterGrace()
    {
        await using var harness = await StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero },
            new BatchAi.Daemon.Jobs.DaemonSettings { Retry = FastRetries, PauseGrace = TimeSpan.FromMilliseconds(200) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 2, i => i == 0 ? "hangs [[sim:hang]]" : "fine");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2));
        await notes.WaitForRowsAsync(started.JobId, 1, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.PauseJob, new JobIdParams(started.JobId));

        Assert.Equal(JobState.Paused, paused.State);
        Assert.Equal((1L, 1L, 0L), (paused.Counts.Done, paused.Counts.Pending, paused.Counts.InFlight));
    }

    [Fact]
    public async Task Resume_WhilePauseDrains_RunsAgainAndCompletes()
    {
        await using var harness = await StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero },
            new BatchAi.Daemon.Jobs.DaemonSettings { Retry = FastRetries, PauseGrace = TimeSpan.FromMilliseconds(300) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 2, i => i == 0 ? "hangs once [[sim:hangx1]]" : "fine");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2));
        await notes.WaitForRowsAsync(started.JobId, 1, Timeouts.Token());
        var pause = CallAsync<JobInfo>(rpc, Methods.PauseJob, new JobIdParams(started.JobId));
        var resume = CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId));
        await Task.WhenAll(pause, resume);

        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(2, job.Counts.Done);
        Assert.Equal(2, harness.Simulator.Stats.RequestsFor("hangs once [[sim:hangx1]]"));
    }
}
