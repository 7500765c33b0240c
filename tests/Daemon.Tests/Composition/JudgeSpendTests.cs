using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>The judge's tokens are spent tokens, priced at the judge's model, in the live counts and in those a restarted daemon reads back.</summary>
public sealed class JudgeSpendTests
{
    [Fact]
    public async Task JudgedJob_JudgeTokensSpentAtTheJudgesPrice_TheSameAfterARestart()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) });
        // One price for input and output per model, so the cost says how many tokens each model was charged for.
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"sim-small":{"input":1.0,"output":1.0},"sim-judge":{"input":10.0,"output":10.0}}}""");
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 5);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Concurrency: 2, Judge: new JudgeOptions(Model: "sim-judge")));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        var page = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, Limit: 10));
        var answerTokens = page.Rows.SelectMany(r => r.Answers!).Sum(a => (long)(a.PromptTokens ?? 0) + (a.CompletionTokens ?? 0));
        var judgeTokens = job.Counts.SpentTokens - answerTokens;
        Assert.Equal((5L, 5L), (job.Counts.Judged, job.Counts.Answers));
        Assert.All(page.Rows.SelectMany(r => r.Answers!), a => Assert.NotNull(a.Score));
        // Ten requests: five answers and five verdicts, the verdicts' on the judge's model.
        Assert.Equal((10, 5), (harness.Simulator.Stats.TotalRequests, harness.Simulator.Stats.RequestsBySettings.Where(s => s.Key.Model == "sim-judge").Sum(s => s.Value)));
        Assert.True(judgeTokens > answerTokens, $"judge {judgeTokens}, answers {answerTokens}: each verdict re-reads its question and answer");
        Assert.Equal(Math.Round(((answerTokens * 1m) + (judgeTokens * 10m)) / 1_000_000m, 6), job.Counts.Cost);

        await harness.RestartAsync();
        (rpc, _) = harness.Connect();
        var reloaded = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((job.Counts.SpentTokens, job.Counts.Cost, job.Counts.Judged), (reloaded.Counts.SpentTokens, reloaded.Counts.Cost, reloaded.Counts.Judged));
    }
}
