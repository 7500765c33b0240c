using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>A job of several models: every answer's tokens charged at its model's price, the budget counting each, resumed without asking one twice.</summary>
public sealed class SamplesBudgetTests
{
    private const int Rows = 40;

    [Fact]
    public async Task StartJob_ModelsWithCostBudget_EachAnswerAtItsModelsPrice_PausesThenResumesAskingNoAnswerTwice()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) });
        var (rpc, notes) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"cheap":{"input":1000,"output":1000},"dear":{"input":10000,"output":10000}}}""");
        var input = harness.WriteQuestions("q.csv", Rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Concurrency: 2, Budget: new JobBudget(MaxCost: 2m), Samples: 2, Models: ["cheap", "dear"]));
        await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        var rows = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, Limit: Rows));

        var answers = rows.Rows.SelectMany(r => r.Answers ?? []).Where(a => a.State == RowStates.Done).ToList();
        decimal PriceOf(RowAnswer a) => (a.Model == "cheap" ? 1000m : 10000m) * ((a.PromptTokens ?? 0) + (a.CompletionTokens ?? 0)) / 1_000_000m;
        Assert.Equal(answers.Count, paused.Counts.Answers);
        Assert.Equal(Math.Round(answers.Sum(PriceOf), 6), paused.Counts.Cost);
        Assert.True(paused.Counts.Cost >= 2m);
        Assert.InRange(paused.Counts.Done, 0, Rows - 1);
        Assert.Equal(answers.Sum(a => (long)(a.PromptTokens ?? 0) + (a.CompletionTokens ?? 0)), paused.Counts.SpentTokens);

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxCost: 1000m)));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var done = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((Rows, Rows * 4L), (done.Counts.Done, done.Counts.Answers));
        Assert.Equal(Rows * 4, harness.Simulator.Stats.AnswersBySample.Count);
        Assert.All(harness.Simulator.Stats.AnswersBySample, a => Assert.Equal(1, a.Value));
    }
}
