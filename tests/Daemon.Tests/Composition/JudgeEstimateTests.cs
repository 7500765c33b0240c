using BatchAi.Daemon.Jobs;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>estimateJob with a judge: a call per answer, its tokens (question, answer, rubric; a short verdict) in the figures, priced at the judge's model.</summary>
public sealed class JudgeEstimateTests
{
    [Fact]
    public async Task EstimateJob_Judge_OneCallPerAnswerItsTokensInTheFiguresPricedAtTheJudgesModel()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"sim-small":{"input":1.0,"output":2.0},"sim-judge":{"input":10.0,"output":20.0}}}""");
        var input = harness.WriteQuestions("q.csv", 6);
        var plain = new StartJobParams(input, harness.Provider(), SystemPrompt: "Be brief.", MaxTokens: 40);

        var without = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, plain);
        var with = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, plain with { Judge = new JudgeOptions(Model: "sim-judge") });

        Assert.Null(without.JudgeRequests);
        Assert.Equal((6L, 6L, 12L), (without.Requests!.Value, with.JudgeRequests!.Value, with.Requests!.Value));
        var judgePrompt = with.PromptTokens - without.PromptTokens;
        var judgeCompletion = with.CompletionTokens - without.CompletionTokens;
        Assert.Equal(6 * JudgeEstimate.AssumedVerdictTokens, judgeCompletion);
        // Each judge's prompt re-reads its question and answer, besides its own instructions.
        Assert.True(judgePrompt > without.PromptTokens + without.CompletionTokens, $"judge prompt tokens {judgePrompt}");
        var cost = with.Cost!;
        Assert.Equal("sim-small; judge sim-judge", cost.Model);
        Assert.Equal(Math.Round(without.PromptTokens * 1m / 1_000_000m, 4) + Math.Round(judgePrompt * 10m / 1_000_000m, 4), cost.Input);
        Assert.Equal(Math.Round(without.CompletionTokens * 2m / 1_000_000m, 4) + Math.Round(judgeCompletion * 20m / 1_000_000m, 4), cost.Output);
        Assert.Contains("judge", with.CompletionBasis, StringComparison.Ordinal);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task EstimateJob_JudgeWithSamples_OneCallPerSample()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 4);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, harness.Provider(), MaxTokens: 40, Samples: 3, Judge: new JudgeOptions()));

        Assert.Equal(12L, estimate.JudgeRequests);
    }

    [Fact]
    public async Task EstimateJob_JudgeModelUnpriced_NoCostAndTheModelNamed()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"), """{"currency":"USD","models":{"sim-small":{"input":1.0,"output":2.0}}}""");
        var input = harness.WriteQuestions("q.csv", 2);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, harness.Provider(), Judge: new JudgeOptions(Model: "unpriced-judge")));

        Assert.Null(estimate.Cost);
        Assert.Contains("'unpriced-judge'", estimate.Note, StringComparison.Ordinal);
    }
}
