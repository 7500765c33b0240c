using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary><c>estimateJob</c> says what the job would cost and take through the provider's Batch API, beside online.</summary>
public sealed class EstimateBatchTests
{
    [Fact]
    public async Task EstimateJob_PricedModel_BatchCostAtItsBatchPriceAndTheDefaultWindow()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"sim-small":{"input":2.0,"output":8.0},"sim-own":{"input":2.0,"output":8.0,"batch":{"input":1.5,"output":2.0}}}}""");
        var input = harness.WriteQuestions("q.csv", 10);

        var half = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new StartJobParams(input, harness.Provider(), MaxTokens: 100));
        var own = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, harness.Provider() with { Model = "sim-own" }, MaxTokens: 100, Batch: new BatchOptions(CompletionWindow: "48h")));

        Assert.NotNull(half.Cost);
        var batch = Assert.IsType<EstimateCost>(half.BatchCost);
        Assert.Equal(("USD", "sim-small"), (batch.Currency, batch.Model));
        Assert.Equal((Math.Round(half.Cost.Input / 2, 4), Math.Round(half.Cost.Output / 2, 4)), (batch.Input, batch.Output));
        Assert.Equal(24 * 3600.0, half.BatchSeconds);
        Assert.Equal((Math.Round(own.PromptTokens * 1.5m / 1_000_000m, 4), Math.Round(own.CompletionTokens * 2m / 1_000_000m, 4)), (own.BatchCost!.Input, own.BatchCost.Output));
        Assert.Equal(48 * 3600.0, own.BatchSeconds);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task EstimateJob_NoPrice_NoBatchCostButTheWindow()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new StartJobParams(input, harness.Provider()));

        Assert.Null(estimate.BatchCost);
        Assert.Equal(24 * 3600.0, estimate.BatchSeconds);
    }

    [Fact]
    public async Task EstimateJob_WindowNotADuration_InvalidParamsNamingTheField()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);

        var e = await Assert.ThrowsAsync<StreamJsonRpc.RemoteMethodNotFoundException>(() => CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, harness.Provider(), Batch: new BatchOptions(CompletionWindow: "tomorrow"))));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains("batch.completionWindow", e.Message);
    }
}
