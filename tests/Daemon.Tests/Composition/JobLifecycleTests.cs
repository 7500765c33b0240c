using StreamJsonRpc;
using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>The real composition over a real JsonRpc client: a job from file to output, with its notifications.</summary>
public sealed class JobLifecycleTests
{
    [Fact]
    public async Task StartJob_CsvOfQuestions_EveryRowAnsweredInOrderWithinConcurrency()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(20) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("questions.csv", 30);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 4));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(harness.Dir.File("questions.answers.jsonl"), started.Output);
        var lines = File.ReadAllLines(started.Output);
        Assert.Equal(30, lines.Length);
        for (var i = 0; i < 30; i++)
        {
            using var record = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, record.RootElement.GetProperty("index").GetInt64());
            Assert.Equal(SimulatorServer.AnswerFor($"Question number {i}?"), record.RootElement.GetProperty("answer").GetString());
        }

        Assert.InRange(harness.Simulator.Stats.MaxConcurrent, 2, 4);
        Assert.Equal(30, notes.Rows.Count(r => r.JobId == started.JobId && r.Succeeded));
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal((30L, 0L, 0L, 0L), (job.Counts.Done, job.Counts.Failed, job.Counts.Pending, job.Counts.InFlight));
        Assert.True(job.Counts.CompletionTokens > 0);
        Assert.Contains(notes.Progress, p => p.JobId == started.JobId);
    }

    [Fact]
    public async Task StartJob_StreamTokens_TokensRebuildEachAnswer()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 5, i => i == 2 ? "flaky [[sim:cutx1]]" : $"Q{i}");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2, StreamTokens: true));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        foreach (var row in notes.Rows)
        {
            var text = "";
            foreach (var token in notes.Tokens.Where(t => t.Row == row.Row && !t.Reasoning))
            {
                text = token.Reset ? token.Text : text + token.Text;
            }

            Assert.Equal(row.Answer, text);
        }

        Assert.Equal(2, notes.Rows.Single(r => r.Row == 2).Attempts);
    }

    [Fact]
    public async Task Tokens_OnlyToTheClientThatAsked()
    {
        await using var harness = await StartAsync();
        var (watcher, watcherNotes) = harness.Connect();
        var (other, otherNotes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 4);

        var started = await CallAsync<StartJobResult>(other, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 1, StreamTokens: false));
        await CallAsync<JobInfo>(watcher, Methods.SubscribeTokens, new SubscribeTokensParams(started.JobId));
        await watcherNotes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        await otherNotes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Empty(otherNotes.Tokens);
        Assert.Equal(4, otherNotes.Rows.Count);
        Assert.Equal(4, watcherNotes.Rows.Count);
    }

    [Fact]
    public async Task Initialize_ReportsVersionsCapabilitiesAndDataDirectory()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var result = await CallAsync<InitializeResult>(rpc, Methods.Initialize, new InitializeParams("test", "1", ProtocolInfo.Version));

        Assert.Equal(ProtocolInfo.Version, result.ProtocolVersion);
        Assert.Equal(harness.Host.DataDirectory, result.DataDirectory);
        Assert.Contains("xlsx", result.Capabilities.InputFormats);
        Assert.Equal(Methods.All, result.Capabilities.Methods);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.DaemonVersion);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)] // a newer client speaks this daemon's version
    public async Task Initialize_ProtocolVersion_TheOlderOfTheTwo(int asked, int spoken)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var result = await CallAsync<InitializeResult>(rpc, Methods.Initialize, new InitializeParams("test", "1", asked));

        Assert.Equal(spoken, result.ProtocolVersion);
    }

    [Fact]
    public async Task Initialize_VersionThatDoesNotExist_InvalidParamsNamingTheField()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() => CallAsync<InitializeResult>(rpc, Methods.Initialize, new InitializeParams("test", "1", 0)));

        Assert.Contains("protocolVersion", error.Message);
    }

    [Fact]
    public async Task ListJobs_TwoJobs_NewestFirst()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var first = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(harness.WriteQuestions("a.csv", 2), harness.Provider()));
        await notes.WaitForStateAsync(first.JobId, JobState.Completed, Timeouts.Token());
        var second = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(harness.WriteQuestions("b.csv", 2), harness.Provider()));
        await notes.WaitForStateAsync(second.JobId, JobState.Completed, Timeouts.Token());

        var list = await CallAsync<ListJobsResult>(rpc, Methods.ListJobs);

        Assert.Equal([second.JobId, first.JobId], list.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task StartJob_ReasoningModel_ReasoningStoredAndStreamedApart()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 2);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider("sim-reasoner"), Format: "json", StreamTokens: true));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        using var output = JsonDocument.Parse(File.ReadAllText(started.Output));
        var first = output.RootElement[0];
        Assert.Equal(SimulatorServer.ReasoningFor("Question number 0?"), first.GetProperty("reasoning").GetString());
        Assert.Equal(SimulatorServer.AnswerFor("Question number 0?"), first.GetProperty("answer").GetString());
        Assert.Equal(
            SimulatorServer.ReasoningFor("Question number 0?"),
            string.Concat(notes.Tokens.Where(t => t.Row == 0 && t.Reasoning).Select(t => t.Text)));
    }
}
