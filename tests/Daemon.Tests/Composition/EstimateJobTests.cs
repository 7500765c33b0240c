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
    public async Task EstimateJob_SamplesAndModels_RequestsTokensAndEachModelsPrice()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"cheap":{"input":1.0,"output":2.0},"dear":{"input":5.0,"output":10.0}}}""");
        var input = harness.WriteQuestions("q.csv", 10);
        var local = new ProviderConfig(harness.Simulator.BaseUrl.ToString(), "cheap");
        var plain = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new StartJobParams(input, local, MaxTokens: 100));

        // The simulator's endpoint takes n: one request per row and model, its prompt paid once, every sample's completion.
        var withN = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, local, MaxTokens: 100, Samples: 3, Models: ["cheap", "dear"]));
        // DeepSeek documents no n: each sample is a request of its own, its prompt paid each time.
        var withoutN = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, new ProviderConfig("https://api.deepseek.com/v1", "cheap", ApiKey: "sk-x"), MaxTokens: 100, Samples: 3, Models: ["cheap", "dear"]));

        Assert.Equal(10, plain.Requests);
        Assert.Equal((20L, 2 * plain.PromptTokens, 6 * plain.CompletionTokens), (withN.Requests!.Value, withN.PromptTokens, withN.CompletionTokens));
        Assert.Equal((60L, 6 * plain.PromptTokens), (withoutN.Requests!.Value, withoutN.PromptTokens));
        var cost = Assert.IsType<EstimateCost>(withN.Cost);
        // Each model's prompts and answers at its own price: cheap 1 + dear 5 per prompt token, 2 + 10 per completion token.
        Assert.Equal(Math.Round(plain.PromptTokens * 6m / 1_000_000m, 4), cost.Input);
        Assert.Equal(Math.Round(3 * plain.CompletionTokens * 12m / 1_000_000m, 4), cost.Output);
        Assert.Null(cost.Low);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task EstimateJob_PoolOfTwoModels_PricedByTheirWeightsWithTheRange_OneUnpricedNamed()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"),
            """{"currency":"USD","models":{"cheap":{"input":1.0,"output":2.0},"dear":{"input":5.0,"output":10.0}}}""");
        var input = harness.WriteQuestions("q.csv", 10);
        var url = harness.Simulator.BaseUrl.ToString();
        // Three parts of four to the cheap model (two endpoints), one to the dear one.
        EndpointConfig[] pool = [new(url, "cheap", Weight: 2), new(url, "cheap", Weight: 1), new(url, "dear", Weight: 1)];

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new StartJobParams(input, null, MaxTokens: 100, Endpoints: pool));

        var cost = Assert.IsType<EstimateCost>(estimate.Cost);
        decimal OnAll(decimal inPrice, decimal outPrice) => (estimate.PromptTokens * inPrice + estimate.CompletionTokens * outPrice) / 1_000_000m;
        Assert.Equal(("USD", "cheap + dear"), (cost.Currency, cost.Model));
        Assert.Equal(Math.Round(0.75m * OnAll(1, 0) + 0.25m * OnAll(5, 0), 4), cost.Input);
        Assert.Equal(Math.Round(0.75m * OnAll(0, 2) + 0.25m * OnAll(0, 10), 4), cost.Output);
        Assert.Equal((Math.Round(OnAll(1, 2), 4), Math.Round(OnAll(5, 10), 4)), (cost.Low, cost.High));
        Assert.InRange(cost.Total, cost.Low!.Value, cost.High!.Value);

        var unpriced = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new StartJobParams(input, null, MaxTokens: 100, Endpoints: [.. pool, new(url, "unlisted")]));
        Assert.Null(unpriced.Cost);
        Assert.Contains("'unlisted'", unpriced.Note);
        Assert.DoesNotContain("'dear'", unpriced.Note);
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

    [Fact]
    public async Task EstimateJob_Pilot_WithinTenPercentOfTheTokensTheRunUses()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 300, VariedQuestion);
        var options = new StartJobParams(input, harness.Provider(), SystemPrompt: "Answer in plain words.", Concurrency: 8);

        var estimate = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, new EstimateJobParams(options, pilot: 20));
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, options);
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var run = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));

        var estimated = estimate.PromptTokens + estimate.CompletionTokens;
        var used = run.Counts.PromptTokens + run.Counts.CompletionTokens;
        var error = Math.Abs(estimated - used) / (double)used;
        TestContext.Current.TestOutputHelper?.WriteLine($"estimated {estimated} tokens ({estimate.PromptTokens} + {estimate.CompletionTokens}), used {used} ({run.Counts.PromptTokens} + {run.Counts.CompletionTokens}): {error:P1} off");
        Assert.InRange(error, 0, 0.10);
        Assert.StartsWith("pilot of 20 rows", estimate.CompletionBasis);
        Assert.NotNull(estimate.Pilot);
        Assert.Equal((20, 20, 0), (estimate.Pilot.Rows, estimate.Pilot.Sent, estimate.Pilot.Failed));
        Assert.Equal(estimate.Pilot.PromptTokens + estimate.Pilot.CompletionTokens, estimate.Pilot.Spent);
        // The pilot's answers came from the cache in the run: 300 rows cost 300 requests, not 320.
        Assert.Equal(300, harness.Simulator.Stats.TotalRequests);
        Assert.Equal(20, run.Counts.Cached);
        Assert.Equal(used - estimate.Pilot.Spent, run.Counts.SpentTokens);
    }

    [Fact]
    public async Task EstimateJob_PilotAskedTwice_SecondTakesTheAnswersFromTheCache()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, "prices.json"), """{"currency":"USD","models":{"sim-small":{"input":1,"output":4}}}""");
        var input = harness.WriteQuestions("q.csv", 50, VariedQuestion);
        var options = new EstimateJobParams(new StartJobParams(input, harness.Provider()), pilot: 5);

        var first = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, options);
        var second = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, options);

        Assert.Equal((5, 5), (first.Pilot!.Rows, first.Pilot.Sent));
        Assert.Equal(Math.Round(((first.Pilot.PromptTokens * 1m) + (first.Pilot.CompletionTokens * 4m)) / 1_000_000m, 6), first.Pilot.Cost);
        Assert.Equal((5, 0, 0L), (second.Pilot!.Rows, second.Pilot.Sent, second.Pilot.Spent));
        Assert.Equal((first.PromptTokens, first.CompletionTokens), (second.PromptTokens, second.CompletionTokens));
        Assert.Equal(5, harness.Simulator.Stats.TotalRequests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task EstimateJob_PilotOutOfRange_InvalidParamsNamingPilot(int pilot)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);

        var e = await Assert.ThrowsAsync<StreamJsonRpc.RemoteMethodNotFoundException>(() => CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new EstimateJobParams(new StartJobParams(input, harness.Provider()), pilot)));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains("pilot", e.Message);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    private static readonly string[] Topics =
        ["the weather in spring", "how a compiler turns source into machine code", "why bread rises", "the history of the printing press in Europe",
         "tides", "what makes a good cup of tea, and how the water temperature changes the taste", "prime numbers", "橡皮擦是怎么擦掉铅笔字的"];

    /// <summary>Questions of different lengths and languages, as a real dataset has.</summary>
    private static string VariedQuestion(int i) => $"Question {i}: could you explain {Topics[i % Topics.Length]}{string.Concat(Enumerable.Repeat(" in more detail", i % 5))}?";
}
