using System.Text.Json.Nodes;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>An offline job over the wire: its pending rows written as batch request files, a runner's output folded back by custom_id.</summary>
public sealed class OfflineBatchTests
{
    [Fact]
    public async Task ExportRequests_OfflineJob_PendingRowsSplitIntoFiles_NothingSent()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "id,question\n0,One?\n1,Two?\n2,\n3,Three?\n4,One?\n5,Four?\n");
        var job = await StartOfflineAsync(rpc, notes, input);

        var result = await CallAsync<ExportRequestsResult>(rpc, Methods.ExportRequests, new ExportRequestsParams(job, harness.Dir.File("requests"), MaxLines: 3));

        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
        Assert.Equal(4, result.Rows); // the empty row and the duplicate are skipped, not sent
        Assert.Equal([(3, 0L, 3L), (1, 5L, 5L)], result.Files.Select(f => (f.Lines, f.FirstRow, f.LastRow)));
        var lines = result.Files.SelectMany(f => File.ReadAllLines(f.Path)).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal([$"{job}:0", $"{job}:1", $"{job}:3", $"{job}:5"], lines.Select(l => (string)l["custom_id"]!));
        Assert.All(lines, l => Assert.Equal("sim-small", (string)l["body"]!["model"]!));
        Assert.All(lines, l => Assert.Null(l["body"]!["stream"]));
        Assert.Equal("Three?", (string)lines[2]["body"]!["messages"]![0]!["content"]!);
        Assert.Equal(result.Files.Select(f => new FileInfo(f.Path).Length), result.Files.Select(f => f.Bytes));
        Assert.Empty(Directory.GetFiles(harness.Dir.File("requests"), "*.partial"));
    }

    [Fact]
    public async Task ImportResults_MixedFile_FoldsByCustomId_RefusesEachBadLineWithReason()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "id,question\n0,One?\n1,Two?\n2,\n3,Three?\n4,Four?\n");
        var job = await StartOfflineAsync(rpc, notes, input);
        var output = harness.Dir.WriteText("out.jsonl", string.Join('\n',
            Answer($"{job}:0", "Uno."),
            "{\"custom_id\":\"" + job + """:1","response":{"status_code":400,"body":{"error":{"message":"bad request"}}},"error":null}""",
            "{\"custom_id\":\"" + job + """:3","response":null,"error":{"code":"batch_expired","message":"expired"}}""",
            Answer("otherjob:4", "Foreign."),
            Answer($"{job}:0", "Uno again."),
            Answer($"{job}:2", "Skipped row."),
            Answer($"{job}:99", "No such row."),
            "{ not json",
            Answer($"{job}:4", "Cuatro."),
            ""));

        var result = await CallAsync<ImportResultsResult>(rpc, Methods.ImportResults, new ImportResultsParams(job, output));

        Assert.Equal((2L, 1L, 1L, 5L), (result.Answered, result.Failed, result.Requeued, result.RefusedCount));
        Assert.Equal(
            [(4L, "otherjob:4", $"custom_id names job otherjob, not {job}"),
             (5, $"{job}:0", $"custom_id {job}:0 appears earlier in the file; the first is kept"),
             (6, $"{job}:2", "row 2 was skipped, never sent"),
             (7, $"{job}:99", $"job {job} has no row 99")],
            result.Refused.Take(4).Select(r => (r.Line, r.CustomId, r.Reason)));
        Assert.StartsWith("not JSON", result.Refused[4].Reason);
        Assert.Equal((2L, 1L, 1L), (result.Job.Counts.Done, result.Job.Counts.Failed, result.Job.Counts.Pending));
        Assert.Equal(12 + 4, result.Job.Counts.SpentTokens);

        var rows = (await CallAsync<GetRowsResult>(rpc, Methods.GetRows, new GetRowsParams(job))).Rows;
        Assert.Equal(["done", "failed", "skipped", "pending", "done"], rows.Select(r => r.State));
        Assert.Equal(("Uno.", "stop", "gpt-4o-mini-batch", 1), (rows[0].Answer, rows[0].FinishReason, rows[0].Model, rows[0].Attempts));
        Assert.Contains("bad request", rows[1].Error);
        Assert.Contains("expired", rows[3].Error);

        // The same file again folds nothing twice.
        var again = await CallAsync<ImportResultsResult>(rpc, Methods.ImportResults, new ImportResultsParams(job, output));
        Assert.Equal((0L, 0L, 1L), (again.Answered, again.Failed, again.Requeued)); // the expired row is pending still
        Assert.Contains(again.Refused, r => r.Reason == "row 0 is answered already");
        Assert.Contains(again.Refused, r => r.Reason == "row 1 has failed already");

        // The expired row is written again; its answer completes the job, whose output holds every row once.
        var requests = await CallAsync<ExportRequestsResult>(rpc, Methods.ExportRequests, new ExportRequestsParams(job, harness.Dir.File("again")));
        Assert.Equal([3L], requests.Files.Select(f => f.FirstRow));
        await CallAsync<ImportResultsResult>(rpc, Methods.ImportResults, new ImportResultsParams(job, harness.Dir.WriteText("out2.jsonl", Answer($"{job}:3", "Tres."))));
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(job));
        await notes.WaitForStateAsync(job, JobState.Completed, Timeouts.Token());
        var answers = File.ReadAllLines(harness.Dir.File("q.answers.jsonl")).Select(l => (string?)JsonNode.Parse(l)!["answer"]).ToList();
        Assert.Equal(["Uno.", null, null, "Tres.", "Cuatro."], answers);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task ImportResults_AnswersGoToTheCache_AnOnlineJobAskingTheSameSendsNothing()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "question\nOne?\nTwo?\n");
        var job = await StartOfflineAsync(rpc, notes, input);
        await CallAsync<ImportResultsResult>(rpc, Methods.ImportResults, new ImportResultsParams(job,
            harness.Dir.WriteText("out.jsonl", Answer($"{job}:0", "Uno.") + "\n" + Answer($"{job}:1", "Dos."))));

        var online = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Output: harness.Dir.File("online.jsonl")));
        await notes.WaitForStateAsync(online.JobId, JobState.Completed, Timeouts.Token());

        var info = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(online.JobId));
        Assert.Equal((2L, 2L), (info.Counts.Done, info.Counts.Cached));
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task ExportRequests_RunningJob_Refused()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3, i => $"hangs {i} [[sim:hang]]");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await harness.Simulator.Stats.WaitUntilAsync(s => s.TotalRequests >= 1, Timeouts.Token());

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() =>
            CallAsync<ExportRequestsResult>(rpc, Methods.ExportRequests, new ExportRequestsParams(started.JobId, harness.Dir.File("r"))));

        Assert.Equal(ErrorCodes.InvalidJobState, e.ErrorCode);
        await CallAsync<JobInfo>(rpc, Methods.CancelJob, new JobIdParams(started.JobId));
    }

    private static async Task<string> StartOfflineAsync(JsonRpc rpc, NotificationCollector notes, string input)
    {
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, new ProviderConfig("http://127.0.0.1:9/v1", "sim-small"), Mode: JobModes.Offline));
        var paused = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        Assert.Contains("exportRequests", paused.Message);
        return started.JobId;
    }

    private static string Answer(string customId, string text) =>
        "{\"id\":\"batch_req_x\",\"custom_id\":\"" + customId + "\",\"response\":{\"status_code\":200,\"request_id\":\"r\",\"body\":{\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-batch\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":2,\"total_tokens\":8}}},\"error\":null}";
}
