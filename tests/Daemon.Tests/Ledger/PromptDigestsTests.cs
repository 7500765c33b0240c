using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Ledger;

public sealed class PromptDigestsTests : IDisposable
{
    private static readonly string[] Columns = ["question"];
    private readonly TempDirectory _dir = new();
    private readonly List<string> _log = [];

    [Fact]
    public async Task Prepare_DuplicateOfRowStoredInEarlierBatch_FoundInTheStoreNotInMemory()
    {
        await using var ledger = await LedgerWithJobsAsync("j1", "j2");
        using var digests = Digests(ledger, "j1");
        using var otherJob = Digests(ledger, "j2");
        var preparer = Preparer(digests);

        var first = preparer.Prepare(new SourceRow(0, ["same  text"]));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, first.Prompt, null)], 1, false);
        preparer.Stored();
        var again = preparer.Prepare(new SourceRow(1, ["same text"]));
        var inOtherJob = Preparer(otherJob).Prepare(new SourceRow(0, ["same text"]));

        Assert.Equal("row 1: duplicate of row 0; not sent again", again.Skip);
        Assert.Null(inOtherJob.Skip);
        Assert.True(File.Exists(PromptDigests.PathFor(ledger.Path, "j1")));
    }

    [Fact]
    public async Task Stored_DigestsHandedOut_ForgottenInMemory_AndAHitWithoutItsRowIsNoDuplicate()
    {
        await using var ledger = await LedgerWithJobsAsync("j1");
        using var digests = Digests(ledger, "j1");
        var preparer = Preparer(digests);

        var beforeStored = preparer.Prepare(new SourceRow(1, ["q"]));
        var pending = preparer.Prepare(new SourceRow(2, ["q"]));
        preparer.Stored();
        // The store now says row 1 has this prompt, but row 1 was never inserted: the ledger, not the store, decides.
        var afterStored = preparer.Prepare(new SourceRow(3, ["q"]));

        Assert.Null(beforeStored.Skip);
        Assert.Equal("row 2: duplicate of row 1; not sent again", pending.Skip);
        Assert.Null(afterStored.Skip);
    }

    [Fact]
    public async Task Prepare_StoredRowReadAgainOnResume_NotADuplicateOfItself()
    {
        await using var ledger = await LedgerWithJobsAsync("j1");
        using (var firstRun = Digests(ledger, "j1"))
        {
            var preparer = Preparer(firstRun);
            var earlier = preparer.Prepare(new SourceRow(0, ["q"]));
            await ledger.InsertRowsAsync("j1", [new RowInsert(0, earlier.Prompt, null)], 1, false);
            preparer.Stored();
        }

        using var digests = Digests(ledger, "j1");
        var resumed = Preparer(digests);
        var same = resumed.Prepare(new SourceRow(0, ["q"]));
        var later = resumed.Prepare(new SourceRow(1, ["q"]));

        Assert.Null(same.Skip);
        Assert.Equal("row 1: duplicate of row 0; not sent again", later.Skip);
        Assert.Equal(1, resumed.Tally.Duplicates);
    }

    [Fact]
    public async Task Open_FileTornByACrash_StartedAfresh_ResumedIngestRebuildsIt()
    {
        await using var ledger = await LedgerWithJobsAsync("j1");
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "q", null)], 1, false);
        var path = PromptDigests.PathFor(ledger.Path, "j1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "this is not a database, it is what a torn write leaves", TestContext.Current.CancellationToken);

        using var digests = Digests(ledger, "j1");
        var resumed = Preparer(digests);
        // The resumed ingest reads row 0 again: the fresh store learns it at the next Stored().
        Assert.Null(resumed.Prepare(new SourceRow(0, ["q"])).Skip);
        resumed.Stored();
        var later = resumed.Prepare(new SourceRow(7, ["q"]));

        Assert.Contains(_log, l => l.Contains("starting them afresh", StringComparison.Ordinal));
        Assert.Equal("row 7: duplicate of row 0; not sent again", later.Skip);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<JobLedger> LedgerWithJobsAsync(params string[] ids)
    {
        var ledger = JobLedger.Open(_dir.Path, _ => { });
        foreach (var id in ids)
        {
            await ledger.InsertJobAsync(new JobRecord(id, StoredJobState.Running, "in.csv", "out.jsonl", "jsonl", "m", "http://x", "{}", 0, false, DateTimeOffset.UtcNow, null, null, null));
        }

        return ledger;
    }

    private PromptDigests Digests(JobLedger ledger, string jobId) => new(ledger.Reader, ledger.Path, jobId, _log.Add);

    private static RowPreparer Preparer(PromptDigests digests) => new(Columns, new RowPreparation(Column: "question"), "f.csv", digests);
}
