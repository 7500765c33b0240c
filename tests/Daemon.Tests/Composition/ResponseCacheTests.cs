using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Nothing paid twice: a request asked before, in any job, is answered from the ledger.</summary>
public sealed class ResponseCacheTests
{
    [Fact]
    public async Task RerunWithTwoRowsChanged_OnlyTheChangedRowsAreSent()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var first = await RunAsync(rpc, notes, harness.WriteQuestions("a.csv", 20), harness.Provider());
        Assert.Equal(20, harness.Simulator.Stats.TotalRequests);

        var changed = harness.WriteQuestions("b.csv", 20, i => i is 3 or 17 ? $"Changed question {i}?" : $"Question number {i}?");
        var second = await RunAsync(rpc, notes, changed, harness.Provider());

        Assert.Equal(22, harness.Simulator.Stats.TotalRequests);
        Assert.Equal(1, harness.Simulator.Stats.RequestsFor("Changed question 3?"));
        Assert.Equal((20L, 18L), (second.Counts.Done, second.Counts.Cached));
        var answers = File.ReadAllLines(second.Output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString()).ToList();
        Assert.Equal(SimulatorServer.AnswerFor("Question number 0?"), answers[0]);
        Assert.Equal(SimulatorServer.AnswerFor("Changed question 3?"), answers[3]);
        Assert.Equal(20, first.Counts.Done);
    }

    [Fact]
    public async Task CacheOff_SameDataset_AskedAgain()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("a.csv", 5);
        await RunAsync(rpc, notes, input, harness.Provider());

        var again = await RunAsync(rpc, notes, input, harness.Provider(), cache: false);

        Assert.Equal(10, harness.Simulator.Stats.TotalRequests);
        Assert.Equal(0, again.Counts.Cached);
    }

    [Fact]
    public async Task DifferentModelOrSystemPrompt_NotReused()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("a.csv", 3);
        await RunAsync(rpc, notes, input, harness.Provider("model-a"));

        await RunAsync(rpc, notes, input, harness.Provider("model-b"));
        await RunAsync(rpc, notes, input, harness.Provider("model-a"), systemPrompt: "Be brief.");

        Assert.Equal(9, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task ClearCache_RemovesStoredAnswers_NextRunAsksAgain()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("a.csv", 4);
        await RunAsync(rpc, notes, input, harness.Provider());

        var cleared = await CallAsync<ClearCacheResult>(rpc, Methods.ClearCache);
        await RunAsync(rpc, notes, input, harness.Provider());

        Assert.Equal(4, cleared.Removed);
        Assert.Equal(8, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task FailedOrTruncatedAnswers_NotReused()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("a.csv", 2, i => i == 0 ? "broken [[sim:500]]" : "long question");
        await RunAsync(rpc, notes, input, harness.Provider(), maxTokens: 3);
        var requests = harness.Simulator.Stats.TotalRequests;

        var again = await RunAsync(rpc, notes, input, harness.Provider(), maxTokens: 3);

        Assert.Equal(0, again.Counts.Cached);
        Assert.Equal(2 * requests, harness.Simulator.Stats.TotalRequests);
    }

    private static async Task<JobInfo> RunAsync(StreamJsonRpc.JsonRpc rpc, NotificationCollector notes, string input, ProviderConfig provider,
        bool? cache = null, string? systemPrompt = null, int? maxTokens = null)
    {
        var output = Path.Combine(Path.GetDirectoryName(input)!, Guid.NewGuid().ToString("N")[..6] + ".jsonl");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, provider, output, SystemPrompt: systemPrompt, MaxTokens: maxTokens, Cache: cache));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        return await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
    }
}
