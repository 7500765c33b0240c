using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Ledger;

public sealed class JobLedgerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task CompleteAsync_RowStored_ReadBackInInputOrderWithAnswer()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertRowsAsync("j1", [new RowInsert(1, "q1", "[\"q1\"]"), new RowInsert(0, "q0", "[\"q0\"]")], 2, totalKnown: true);
        await ledger.CompleteAsync(new RowResult("j1", 1, RowState.Done, 1, "a1", null, 3, 4, "stop", null, DateTimeOffset.UtcNow, 10));
        await ledger.CompleteAsync(new RowResult("j1", 0, RowState.Failed, 5, null, null, null, null, null, "row 0: boom", DateTimeOffset.UtcNow, 10));

        var records = await ledger.Reader.ReadForExportAsync("j1", Timeouts.Token()).ToListAsync(Timeouts.Token());

        Assert.Equal([0L, 1L], records.Select(r => r.Index));
        Assert.Equal("row 0: boom", records[0].Error);
        Assert.Null(records[0].Answer);
        Assert.Equal("a1", records[1].Answer);
        Assert.Equal(3, records[1].PromptTokens);
        var counts = ledger.Reader.Count("j1");
        Assert.Equal((1L, 1L, 0L), (counts.Done, counts.Failed, counts.Pending));
    }

    [Fact]
    public async Task CheckpointTurnAsync_ConversationSoFar_ReadBackAsTheRowToResume_ThenCompletedWithTheTurnsSum()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "q0", "[\"q0\"]", Fingerprint: "f0")], 1, totalKnown: true);
        const string conversation = """[{"role":"user","content":"q0"},{"role":"assistant","content":"a1","model":"m"}]""";

        await ledger.CheckpointTurnAsync("j1", 0, conversation, turnsDone: 1, promptTokens: 5, completionTokens: 7, attempts: 1, cached: false);
        await ledger.ResetInFlightAsync("j1");

        var row = Assert.Single(LedgerReader.NextPending(ledger.Reader.Open(), "j1", -1, 10));
        Assert.Equal(new WorkRow(0, conversation, 1, Conversation: true, TurnsDone: 1, PromptTokens: 5, CompletionTokens: 7), row);
        // The turns' tokens are spent from the moment they are checkpointed, even before the row is done.
        Assert.Equal((5L, 7L), (ledger.Reader.Count("j1").SpentPromptTokens, ledger.Reader.Count("j1").SpentCompletionTokens));

        await ledger.CompleteAsync(new RowResult("j1", 0, RowState.Done, 3, "a3", null, 20, 30, "stop", null, DateTimeOffset.UtcNow, 10, "m", "e", Cached: true));
        var counts = ledger.Reader.Count("j1");
        Assert.Equal((1L, 1L, 0L), (counts.Done, counts.Cached, counts.SpentPromptTokens));
    }

    [Fact]
    public async Task InsertRowsAsync_SameRowTwice_KeptOnce()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "q0", null)], 1, false);
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "changed", null), new RowInsert(1, "q1", null)], 2, true);

        var pending = LedgerReader.NextPending(ledger.Reader.Open(), "j1", -1, 10);

        Assert.Equal(["q0", "q1"], pending.Select(p => p.Question));
        var job = ledger.Reader.GetJob("j1")!;
        Assert.Equal(2, job.Total);
        Assert.True(job.TotalKnown);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NextPending_ByIndexOrByKey_TheSamePendingRowsInOrderFromAfter(bool byKey)
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertJobAsync(Job("j2"));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 8).Select(i => new RowInsert(i, $"q{i}", null))], 8, true);
        await ledger.InsertRowsAsync("j2", [.. Enumerable.Range(0, 8).Select(i => new RowInsert(i, $"other{i}", null))], 8, true);
        await ledger.CompleteAsync(new RowResult("j1", 2, RowState.Done, 1, "a", null, 1, 1, "stop", null, DateTimeOffset.UtcNow, 0));
        await ledger.CompleteAsync(new RowResult("j1", 5, RowState.Failed, 1, null, null, null, null, null, "e", DateTimeOffset.UtcNow, 0));

        using var connection = ledger.Reader.Open();
        var first = LedgerReader.NextPending(connection, "j1", 0, 3, byKey);
        var rest = LedgerReader.NextPending(connection, "j1", first[^1].Index, 10, byKey);

        Assert.Equal(["q1", "q3", "q4"], first.Select(r => r.Question));
        Assert.Equal(["q6", "q7"], rest.Select(r => r.Question));
    }

    [Fact]
    public async Task ResetInFlightAsync_RowsLeftInFlight_PendingAgain()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "q0", null), new RowInsert(1, "q1", null)], 2, true);
        ledger.MarkInFlight("j1", 0, DateTimeOffset.UtcNow);
        await ledger.Writer.FlushAsync();
        Assert.Equal(1, ledger.Reader.Count("j1").InFlight);

        await ledger.ResetInFlightAsync("j1");

        Assert.Equal(2, ledger.Reader.Count("j1").Pending);
    }

    [Fact]
    public async Task MarkOrphansInterruptedAsync_RunningJobFromDeadDaemon_Interrupted()
    {
        await using (var first = JobLedger.Open(_dir.Path, _ => { }))
        {
            await first.InsertJobAsync(Job("running"));
            await first.SetStateAsync("running", StoredJobState.Running, null, null);
            await first.InsertJobAsync(Job("done"));
            await first.SetStateAsync("done", StoredJobState.Completed, null, DateTimeOffset.UtcNow);
        }

        await using var second = JobLedger.Open(_dir.Path, _ => { });
        var count = await second.MarkOrphansInterruptedAsync();

        Assert.Equal(1, count);
        Assert.Equal(StoredJobState.Interrupted, second.Reader.GetJob("running")!.State);
        Assert.Equal(StoredJobState.Completed, second.Reader.GetJob("done")!.State);
    }

    [Fact]
    public async Task Writer_ManyPostedWrites_CommittedInFewGroups()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        var rows = Enumerable.Range(0, 3000).Select(i => new RowInsert(i, "q" + i, null)).ToArray();
        await ledger.InsertRowsAsync("j1", rows, rows.Length, true);
        var before = ledger.Writer.Commits;

        for (var i = 0; i < rows.Length; i++)
        {
            ledger.MarkInFlight("j1", i, DateTimeOffset.UtcNow);
        }

        await ledger.Writer.FlushAsync();

        Assert.Equal(3000, ledger.Reader.Count("j1").InFlight);
        // 3000 writes queued at once: grouped, they take a handful of commits, not 3000.
        Assert.InRange(ledger.Writer.Commits - before, 1, 20);
    }

    [Fact]
    public async Task Writer_OneBadWriteInAGroup_OthersStillCommitted()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        var good = ledger.InsertRowsAsync("j1", [new RowInsert(0, "q0", null)], 1, true);
        var bad = ledger.Writer.WriteAsync(c => c.Execute("INSERT INTO no_such_table VALUES (1)"));
        var alsoGood = ledger.InsertJobAsync(Job("j2"));

        await good;
        await alsoGood;
        await Assert.ThrowsAnyAsync<Exception>(() => bad);
        Assert.NotNull(ledger.Reader.GetJob("j2"));
        Assert.Equal(1, ledger.Reader.Count("j1").Pending);
    }

    [Fact]
    public async Task Open_CorruptFile_MovedAsideKeptWholeAndReported()
    {
        var path = Path.Combine(_dir.Path, JobLedger.FileName);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(path, garbage);

        await using var ledger = JobLedger.Open(_dir.Path, _ => { });

        var notice = Assert.Single(ledger.Notices);
        var aside = Assert.Single(Directory.GetFiles(_dir.Path, JobLedger.FileName + ".corrupt-*"));
        Assert.Contains(aside, notice);
        Assert.Equal(garbage, File.ReadAllBytes(aside));
        await ledger.InsertJobAsync(Job("fresh"));
        Assert.NotNull(ledger.Reader.GetJob("fresh"));
    }

    [Fact]
    public async Task Open_Version1Ledger_UpgradedKeepingItsJobs()
    {
        var path = Path.Combine(_dir.Path, JobLedger.FileName);
        using (var v1 = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            v1.Open();
            using var command = v1.CreateCommand();
            command.CommandText = """
                CREATE TABLE jobs (id TEXT PRIMARY KEY, state TEXT NOT NULL, input TEXT NOT NULL, output TEXT NOT NULL, format TEXT NOT NULL,
                    model TEXT NOT NULL, base_url TEXT NOT NULL, spec TEXT NOT NULL, columns TEXT, total INTEGER NOT NULL DEFAULT 0,
                    total_known INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, finished_at TEXT, last_error TEXT);
                CREATE TABLE rows (job_id TEXT NOT NULL, idx INTEGER NOT NULL, question TEXT NOT NULL, source TEXT, state INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, answer TEXT, reasoning TEXT, prompt_tokens INTEGER, completion_tokens INTEGER,
                    finish_reason TEXT, error TEXT, started_at TEXT, finished_at TEXT, latency_ms INTEGER, PRIMARY KEY (job_id, idx)) WITHOUT ROWID;
                INSERT INTO jobs (id, state, input, output, format, model, base_url, spec, created_at) VALUES ('old', 'paused', 'i', 'o', 'jsonl', 'm', 'u', '{}', '2026-11-24T00:00:00Z');
                INSERT INTO rows (job_id, idx, question, state, answer) VALUES ('old', 0, 'q', 2, 'a');
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        await using var ledger = JobLedger.Open(_dir.Path, _ => { });

        Assert.Equal(StoredJobState.Paused, ledger.Reader.GetJob("old")!.State);
        Assert.Equal(1, ledger.Reader.Count("old").Done);
        Assert.Empty(ledger.Reader.LookupResponses(["anything"]));
    }

    private static JobRecord Job(string id) =>
        new(id, StoredJobState.Queued, "/in.csv", "/out.jsonl", "jsonl", "m", "http://127.0.0.1:1/v1", "{}", 0, false, DateTimeOffset.UtcNow, null, null, null);

    public void Dispose() => _dir.Dispose();
}
