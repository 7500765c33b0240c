using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>getRows over the wire: a job's rows read from the ledger, in every state, paged, while the job runs.</summary>
public sealed class GetRowsTests
{
    [Fact]
    public async Task GetRows_JobRunning_EachRowsStatePromptAsSentAnswerAndReason()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        // Row 2 has an id and no question.
        string[] questions = ["<b>Hello</b>   world?", "far too long [[sim:400]]", "", "hangs [[sim:hang]]", "Hello world?"];
        var input = harness.Dir.WriteText("q.csv", "id,question\n" + string.Concat(questions.Select((q, i) => $"{i},{q}\n")));

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 4));
        // Rows 0 and 1 have ended and row 3 is held at the provider: the job is still running.
        await notes.WaitForRowsAsync(started.JobId, 2, Timeouts.Token());
        await harness.Simulator.Stats.WaitUntilAsync(s => s.RequestsFor("hangs [[sim:hang]]") == 1, Timeouts.Token());

        var page = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId));

        Assert.Null(page.Next);
        Assert.Equal([0L, 1, 2, 3, 4], page.Rows.Select(r => r.Row));
        Assert.Equal(["done", "failed", "skipped", "inFlight", "skipped"], page.Rows.Select(r => r.State));
        Assert.Equal("Hello world?", page.Rows[0].Prompt); // as sent: cleaned
        Assert.Equal(SimulatorServer.AnswerFor("Hello world?"), page.Rows[0].Answer);
        Assert.Null(page.Rows[0].Error);
        Assert.Equal(("stop", 1), (page.Rows[0].FinishReason, page.Rows[0].Attempts));
        Assert.True(page.Rows[0].PromptTokens > 0 && page.Rows[0].CompletionTokens > 0);
        Assert.Equal("sim-small", page.Rows[0].Model);
        Assert.Equal(new Uri(harness.Simulator.BaseUrl.ToString()).Authority + "/v1", page.Rows[0].Endpoint);
        Assert.Null(page.Rows[1].Model); // not answered
        Assert.Null(page.Rows[1].Answer);
        Assert.Contains("HTTP 400", page.Rows[1].Error);
        Assert.Contains("empty", page.Rows[2].Error);
        Assert.Contains("duplicate of row 0", page.Rows[4].Error);

        var failed = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, State: "failed"));
        Assert.Equal([1L], failed.Rows.Select(r => r.Row));
        await CallAsync<JobInfo>(rpc, Methods.CancelJob, new JobIdParams(started.JobId));
    }

    [Fact]
    public async Task GetRows_Paged_NextGoesOnUntilNull_StateFilterReadsOnlyThoseRows()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 250, i => i % 50 == 7 ? $"refused {i} [[sim:400]]" : $"Question {i}?");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 16));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var seen = new List<long>();
        var pages = new List<int>();
        long? from = 0;
        while (from is { } at)
        {
            var page = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, From: at, Limit: 100));
            pages.Add(page.Rows.Count);
            seen.AddRange(page.Rows.Select(r => r.Row));
            from = page.Next;
        }

        Assert.Equal([100, 100, 50], pages);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (long)i), seen);

        var failedPages = new List<long[]>();
        from = 0;
        while (from is { } at)
        {
            var page = await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, State: "FAILED", From: at, Limit: 2));
            Assert.All(page.Rows, r => Assert.Equal("failed", r.State));
            failedPages.Add(page.Rows.Select(r => r.Row).ToArray());
            from = page.Next;
        }

        Assert.Equal([[7L, 57], [107, 157], [207]], failedPages);
    }

    [Theory]
    [InlineData("bogus", null, null, "state")]
    [InlineData(null, -1L, null, "from")]
    [InlineData(null, null, 0, "limit")]
    [InlineData(null, null, GetRowsParams.MaxLimit + 1, "limit")]
    public async Task GetRows_BadParameter_InvalidParamsNamingIt(string? state, long? from, int? limit, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 1);
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() =>
            CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(started.JobId, state, from, limit)));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.StartsWith(field, e.Message);
    }

    [Fact]
    public async Task GetRows_NoSuchJob_JobNotFound()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams("nope")));

        Assert.Equal(ErrorCodes.JobNotFound, e.ErrorCode);
    }
}
