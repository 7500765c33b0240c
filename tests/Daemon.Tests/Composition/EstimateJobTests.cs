using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Cost before spending: the input prepared as the job would, tokens counted, priced from the user's table, nothing sent.</summary>
public sealed class EstimateJobTests
{
    [Fact]
    public async Task EstimateJob_PricedModelWithLimits_CountsPricesAndTimesWithoutSendingAnything()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"), """{"currency":"CNY","models":{"sim-small":{"input":1.0,"output":2.0}}}""");
        var input = harness.WriteQuestions("q.csv", 10, i => i switch { 3 => "", 7 => "Question number 2?", _ => $"Question number {i}?" });
        var endpoint = new EndpointConfig(harness.Simulator.BaseUrl.ToString(), "sim-small", RequestsPerMinute: 60);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, null, SystemPrompt: "Be brief.", MaxTokens: 50, Endpoints: [endpoint]));

        // A blank line is no row at all (the reader skips it); the duplicate of row 2 is a row that is not sent.
        Assert.Equal((9L, 8L), (estimate.Rows, estimate.RowsToSend));
        Assert.InRange(estimate.PromptTokens, 8 * 10, 8 * 40);
        Assert.Equal(8 * 50, estimate.CompletionTokens);
        Assert.Contains("maxTokens", estimate.CompletionBasis);
        Assert.NotNull(estimate.Cost);
        Assert.Equal(("CNY", Math.Round(estimate.PromptTokens / 1_000_000m, 4), 0.0008m), (estimate.Cost.Currency, estimate.Cost.Input, estimate.Cost.Output));
        Assert.Equal(8.0, estimate.Seconds);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task EstimateJob_NoPriceNoLimits_SaysWhatIsMissing()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new StartJobParams(input, harness.Provider()));

        Assert.Null(estimate.Cost);
        Assert.Null(estimate.Seconds);
        Assert.Contains("sim-small", estimate.Note);
        Assert.Equal(3 * 300, estimate.CompletionTokens);
    }
}
