using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>previewDataset over the wire, and a job that templates and cleans: what is sent is the cleaned prompt, what is exported holds every row once with its cells as read.</summary>
public sealed class DatasetJobTests
{
    [Fact]
    public async Task PreviewDataset_OverRpc_DetectsAndShowsRawAndCleaned()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.Dir.WriteText("q.tsv", "title\tbody\nHi\t<p>Say   hello</p>\nHi\t<p>Say hello</p>\n");

        var result = await CallAsync<PreviewDatasetResult>(rpc, Methods.PreviewDataset,
            new PreviewDatasetParams(input, Template: "{{title}}: {{body}}", Rows: 1));

        Assert.Equal(("tsv", "utf-8", "\t"), (result.Format, result.Encoding, result.Delimiter));
        Assert.Equal(["title", "body"], result.Columns);
        Assert.Null(result.PromptColumn);
        Assert.Equal((2L, true), (result.RowCount, result.RowCountExact));
        var row = Assert.Single(result.Rows);
        Assert.Equal(("Hi: <p>Say   hello</p>", "Hi: Say hello"), (row.Raw, row.Cleaned));
        Assert.Equal(["html", "whitespace"], row.Rules);
        Assert.Equal(1, result.Cleaning.Duplicates);
        Assert.Equal(2, result.Cleaning.Changed["html"]);
    }

    [Fact]
    public async Task PreviewDataset_Workbook_ListsSheets()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.Dir.File("book.xlsx");
        XlsxWriter.Write(input, new XlsxSheet("Notes", [["x"], ["y"]]), new XlsxSheet("Questions", [["问题"], ["什么是人工智能?"]]));

        var result = await CallAsync<PreviewDatasetResult>(rpc, Methods.PreviewDataset, new PreviewDatasetParams(input, Sheet: "Questions"));

        Assert.Equal(["Notes", "Questions"], result.Sheets);
        Assert.Equal(("Questions", "问题", null), (result.Sheet, result.PromptColumn, result.Encoding));
        Assert.Equal("什么是人工智能？", Assert.Single(result.Rows).Cleaned);
    }

    [Fact]
    public async Task StartJob_TemplateAndCleaning_SendsCleanedPromptSkipsDuplicatesAndEmptyExportsEveryRow()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero });
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv",
            "title,body,tag\n" +
            "DNS,\"<b>What</b> is   DNS?\",a\n" +
            ",,b\n" +
            "DNS,What is DNS?,c\n" +
            "你好,\"世界,再见!!!\",d\n");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Template: "{{title}}\n{{body}}", Concurrency: 2));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var records = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([0L, 1L, 2L, 3L], records.Select(r => r.GetProperty("index").GetInt64()));
        Assert.Equal("DNS\nWhat is DNS?", records[0].GetProperty("question").GetString());
        Assert.Equal(SimulatorServer.AnswerFor("DNS\nWhat is DNS?"), records[0].GetProperty("answer").GetString());
        Assert.Equal("<b>What</b> is   DNS?", records[0].GetProperty("columns").GetProperty("body").GetString());
        Assert.Contains("are empty", records[1].GetProperty("error").GetString());
        Assert.Contains("duplicate of row 0", records[2].GetProperty("error").GetString());
        Assert.Equal("c", records[2].GetProperty("columns").GetProperty("tag").GetString());
        Assert.Equal("你好\n世界，再见！", records[3].GetProperty("question").GetString());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((2L, 2L, 4L), (job.Counts.Done, job.Counts.Skipped, job.Counts.Total));
        Assert.Equal(2, harness.Simulator.Stats.TotalRequests);

        // What each rule did over the job, from getJob, and the same from the ledger once the daemon forgot the live job.
        Assert.NotNull(job.Cleaning);
        Assert.Equal((4L, 1L, 1L), (job.Cleaning.Rows, job.Cleaning.Empty, job.Cleaning.Duplicates));
        Assert.Equal((1L, 1L, 1L), (job.Cleaning.Changed["html"], job.Cleaning.Changed["repeated-punctuation"], job.Cleaning.Changed["cjk-punctuation"]));
        Assert.Equal(job.Cleaning.Changed, harness.Host.Jobs.Ledger.Reader.GetJob(started.JobId)!.Cleaning!.Changed);
    }

    [Fact]
    public async Task StartJob_CellWithNulAndControlBytes_ReadCleanedByControlRuleAndAnswered()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero });
        var (rpc, notes) = harness.Connect();
        // As a database dump leaves them: a NUL, a bell, an escape and a DEL in one cell.
        var input = harness.Dir.WriteBytes("dump.csv", [.. "id,question\n1,What is\0 a\u0007 database\u001B dump\u007F?\n2,Why?\n"u8]);

        var preview = await CallAsync<PreviewDatasetResult>(rpc, Methods.PreviewDataset, new PreviewDatasetParams(input));
        Assert.Equal(["control"], preview.Rows[0].Rules);
        Assert.Equal("What is a database dump?", preview.Rows[0].Cleaned);
        Assert.Equal((1L, 0L), (preview.Cleaning.Changed["control"], preview.Cleaning.Changed["invisible"]));

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var records = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("What is a database dump?", records[0].GetProperty("question").GetString());
        Assert.Equal(SimulatorServer.AnswerFor("What is a database dump?"), records[0].GetProperty("answer").GetString());
        Assert.Equal(1, harness.Simulator.Stats.RequestsFor("What is a database dump?"));
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(2, job.Counts.Done);
        Assert.Equal(1, job.Cleaning!.Changed["control"]);
    }

    [Fact]
    public async Task StartJob_CleaningOff_SendsTextAsRead()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.jsonl", "{\"prompt\":\"<i>same</i>\"}\n{\"prompt\":\"<i>same</i>\"}\n");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Cleaning: CleaningOptions.None));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var questions = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString());
        Assert.Equal(["<i>same</i>", "<i>same</i>"], questions);
        Assert.Equal(2, (await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId))).Counts.Done);
    }

    [Fact]
    public async Task ResumeJob_InputPartlyIngested_DuplicateOfAnEarlierRunsRowStillSkipped()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "question\nfirst?\nsecond?\nthird?\n  first? \n");
        var output = harness.Dir.File("q.answers.jsonl");
        var spec = JobSpec.From(new StartJobParams(input, harness.Provider()), input, output, "jsonl");
        // As a daemon that died after storing two rows would have left it: interrupted, the input not read to the end.
        var ledger = harness.Host.Jobs.Ledger;
        await ledger.InsertJobAsync(new JobRecord("partly", StoredJobState.Interrupted, input, output, "jsonl", spec.Model, spec.BaseUrl,
            JsonSerializer.Serialize(spec), 0, false, DateTimeOffset.UtcNow, null, null, null));
        await ledger.InsertRowsAsync("partly", [new RowInsert(0, "first?", "[\"first?\"]"), new RowInsert(1, "second?", "[\"second?\"]")], 2, totalKnown: false);

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams("partly"));
        await notes.WaitForStateAsync("partly", JobState.Completed, Timeouts.Token());

        var records = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, records.Count);
        Assert.Contains("duplicate of row 0", records[3].GetProperty("error").GetString());
        Assert.Equal(3, harness.Simulator.Stats.TotalRequests);
        Assert.False(File.Exists(PromptDigests.PathFor(ledger.Path, "partly")), "the digests outlived the ingest");
    }

    [Fact]
    public async Task CancelJob_InputPartlyIngested_ItsDigestsAreDeleted()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "question\nfirst?\nsecond?\nthird?\n");
        var spec = JobSpec.From(new StartJobParams(input, harness.Provider()), input, harness.Dir.File("q.answers.jsonl"), "jsonl");
        // As a daemon that died while reading the input would have left it: interrupted, one row stored, its digests on disk.
        var ledger = harness.Host.Jobs.Ledger;
        await ledger.InsertJobAsync(new JobRecord("partly", StoredJobState.Interrupted, input, spec.Output, "jsonl", spec.Model, spec.BaseUrl,
            JsonSerializer.Serialize(spec), 0, false, DateTimeOffset.UtcNow, null, null, null));
        await ledger.InsertRowsAsync("partly", [new RowInsert(0, "first?", "[\"first?\"]")], 1, totalKnown: false);
        using (new PromptDigests(ledger.Reader, ledger.Path, "partly", _ => { }))
        {
        }
        Assert.True(File.Exists(PromptDigests.PathFor(ledger.Path, "partly")));

        var cancelled = await CallAsync<JobInfo>(rpc, Methods.CancelJob, new JobIdParams("partly"));

        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.False(File.Exists(PromptDigests.PathFor(ledger.Path, "partly")), "a cancelled job kept its digests");
    }

    [Fact]
    public async Task Restart_DigestsNoJobReadsAgain_Deleted_ThoseOfAJobStillReadingKept()
    {
        await using var harness = await StartAsync();
        var ledger = harness.Host.Jobs.Ledger;
        var input = harness.Dir.WriteText("q.csv", "question\nfirst?\nsecond?\n");
        var spec = JobSpec.From(new StartJobParams(input, harness.Provider()), input, harness.Dir.File("q.answers.jsonl"), "jsonl");
        // What daemons that died while reading inputs leave: one job still part-read, others since ended or read whole.
        foreach (var (id, state, totalKnown) in new[]
        {
            ("reading", StoredJobState.Interrupted, false), ("paused", StoredJobState.Paused, false), ("cancelled", StoredJobState.Cancelled, false),
            ("completed", StoredJobState.Completed, true), ("whole", StoredJobState.Interrupted, true),
        })
        {
            await ledger.InsertJobAsync(new JobRecord(id, state, input, spec.Output, "jsonl", spec.Model, spec.BaseUrl,
                JsonSerializer.Serialize(spec), 0, false, DateTimeOffset.UtcNow, null, null, null));
            await ledger.InsertRowsAsync(id, [new RowInsert(0, "first?", "[\"first?\"]")], 1, totalKnown);
            using (new PromptDigests(ledger.Reader, ledger.Path, id, _ => { }))
            {
            }
        }
        using (new PromptDigests(ledger.Reader, ledger.Path, "no-such-job", _ => { }))
        {
        }

        await harness.RestartAsync();

        var left = new[] { "reading", "paused", "cancelled", "completed", "whole", "no-such-job" }
            .Where(id => File.Exists(PromptDigests.PathFor(ledger.Path, id)));
        Assert.Equal(["reading", "paused"], left);
    }

    [Fact]
    public async Task StartJob_DuplicateManyBatchesLater_Skipped_DigestsGoneOnceTheInputIsIn()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        // Row 1,500 repeats row 3, three ingest batches later: found through the digest file, not memory.
        var input = harness.WriteQuestions("q.csv", 1600, i => i == 1500 ? "Question 3?" : $"Question {i}?");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 32));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((1599L, 1L), (job.Counts.Done, job.Counts.Skipped));
        Assert.Equal(1599, harness.Simulator.Stats.TotalRequests);
        var record = JsonDocument.Parse(File.ReadLines(started.Output).ElementAt(1500)).RootElement;
        Assert.Contains("duplicate of row 3", record.GetProperty("error").GetString());
        Assert.False(File.Exists(PromptDigests.PathFor(harness.Host.Jobs.Ledger.Path, started.JobId)), "the digests outlived the ingest");
    }
}
