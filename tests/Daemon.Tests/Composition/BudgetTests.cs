using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>A job with a budget pauses when it has spent it, keeps every answer, and goes on with a higher one, across a restart too.</summary>
public sealed class BudgetTests
{
    private const int Rows = 60;

    [Fact]
    public async Task StartJob_TokenBudgetReached_PausesKeepingEveryAnswerAndResumesWithRaisedBudget()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", Rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Concurrency: 2, Budget: new JobBudget(MaxTokens: 400)));
        var change = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        Assert.Contains("token budget of 400", change.Message);
        Assert.Contains("--budget-tokens", change.Message);
        Assert.Equal(change.Message, paused.LastError);
        Assert.True(paused.BudgetReached);
        Assert.Equal(new JobBudget(MaxTokens: 400), paused.Budget);
        Assert.InRange(paused.Counts.SpentTokens, 400, 400 + (3 * 100));
        Assert.Equal(paused.Counts.PromptTokens + paused.Counts.CompletionTokens, paused.Counts.SpentTokens);
        // Every row the provider answered is kept: each request made is a row done, none was dropped at the pause.
        Assert.Equal(harness.Simulator.Stats.TotalRequests, paused.Counts.Done);
        Assert.Equal(notes.Rows.Count(r => r.JobId == started.JobId && r.Succeeded), paused.Counts.Done);
        Assert.InRange(paused.Counts.Done, 1, Rows - 1);
        Assert.Equal((0L, 0L), (paused.Counts.InFlight, paused.Counts.Failed));

        var refused = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId)));
        Assert.Equal(ErrorCodes.InvalidJobState, refused.ErrorCode);
        Assert.Contains("budget", refused.Message);
        // A budget still spent is refused too, and leaves the job's budget as it was.
        await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<JobInfo>(rpc, Methods.ResumeJob,
            new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxTokens: 401))));
        Assert.Equal(new JobBudget(MaxTokens: 400), (await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId))).Budget);

        var resumed = await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxTokens: 1_000_000)));
        Assert.Equal(new JobBudget(MaxTokens: 1_000_000), resumed.Budget);
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var done = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(Rows, done.Counts.Done);
        Assert.False(done.BudgetReached);
        Assert.Equal(Rows, harness.Simulator.Stats.TotalRequests);
        Assert.All(Enumerable.Range(0, Rows), i => Assert.Equal(1, harness.Simulator.Stats.RequestsFor($"Question number {i}?")));
    }

    [Fact]
    public async Task StartJob_CostBudgetReached_PausesSayingTheSpendAndResumesWithRaisedBudget()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) });
        var (rpc, notes) = harness.Connect();
        // 10 per million prompt tokens, 30 per million completion tokens: a row costs about a thousandth.
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"), """{"currency":"CNY","models":{"sim-small":{"input":10,"output":30}}}""");
        var input = harness.WriteQuestions("q.csv", Rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Concurrency: 2, Budget: new JobBudget(MaxCost: 0.01m)));
        var change = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        Assert.Contains("cost budget of 0.01 CNY", change.Message);
        Assert.Contains("--budget-cost", change.Message);
        Assert.True(paused.BudgetReached);
        Assert.Equal("CNY", paused.Counts.Currency);
        var expected = Math.Round(((paused.Counts.PromptTokens * 10m) + (paused.Counts.CompletionTokens * 30m)) / 1_000_000m, 6);
        Assert.Equal(expected, paused.Counts.Cost);
        Assert.InRange(paused.Counts.Cost!.Value, 0.01m, 0.02m);
        Assert.Matches(@"\(0\.01\d* CNY spent, \d+ tokens\)", change.Message);
        Assert.Equal(harness.Simulator.Stats.TotalRequests, paused.Counts.Done);

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxCost: 10m)));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(Rows, harness.Simulator.Stats.TotalRequests);
        Assert.Equal(Rows, File.ReadAllLines(started.Output).Length);
    }

    [Fact]
    public async Task StartJob_CostBudgetWithoutPrice_InvalidParamsNamingField()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Budget: new JobBudget(MaxCost: 1m))));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains("budget.maxCost", e.Message);
        Assert.Contains("sim-small", e.Message);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task Budget_AfterRestart_StillHeldAndRaisedByResume()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", Rows);
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Concurrency: 2, Budget: new JobBudget(MaxTokens: 300)));
        await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var before = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        await harness.RestartAsync();
        (rpc, notes) = harness.Connect();
        var after = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        Assert.Equal(JobState.Paused, after.State);
        Assert.Equal(new JobBudget(MaxTokens: 300), after.Budget);
        Assert.True(after.BudgetReached);
        Assert.Equal((before.Counts.Done, before.Counts.SpentTokens), (after.Counts.Done, after.Counts.SpentTokens));
        Assert.Contains("token budget of 300", after.LastError);
        await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId)));

        // Raised, it runs on to its new limit and pauses there: the raised budget is the one held.
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxTokens: 900)));
        var change = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var raised = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        Assert.Contains("token budget of 900", change.Message);
        Assert.InRange(raised.Counts.SpentTokens, 900, 900 + (3 * 100));
        Assert.True(raised.Counts.Done > before.Counts.Done);
        Assert.Equal(harness.Simulator.Stats.TotalRequests, raised.Counts.Done);

        // {} lifts every limit: the job finishes.
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var completed = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Null(completed.Budget);
        Assert.Equal(Rows, completed.Counts.Done);
        Assert.Equal(Rows, harness.Simulator.Stats.TotalRequests);
    }
}
