using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Ledger;

public sealed class PromptDigestsTests : IDisposable
{
    private static readonly string[] Columns = ["question"];
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Prepare_DuplicateOfRowStoredInEarlierBatch_FoundInLedgerNotInMemory()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        await ledger.InsertJobAsync(Job("j2"));
        using var digests = new PromptDigests(ledger.Reader, "j1");
        using var otherJob = new PromptDigests(ledger.Reader, "j2");
        var preparer = new RowPreparer(Columns, "question", null, null, "f.csv", false, digests);

        var first = preparer.Prepare(new SourceRow(0, ["same  text"]));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, first.Prompt, null) { Digest = first.Digest }], 1, false);
        preparer.Stored();
        var again = preparer.Prepare(new SourceRow(1, ["same text"]));
        var inOtherJob = new RowPreparer(Columns, "question", null, null, "f.csv", false, otherJob)
            .Prepare(new SourceRow(0, ["same text"]));

        Assert.Equal(16, first.Digest?.Length);
        Assert.Equal("row 1: duplicate of row 0; not sent again", again.Skip);
        Assert.Null(inOtherJob.Skip);
    }

    [Fact]
    public async Task Stored_DigestsHandedOut_ForgottenInMemory()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        using var digests = new PromptDigests(ledger.Reader, "j1");
        var preparer = new RowPreparer(Columns, "question", null, null, "f.csv", false, digests);

        var beforeStored = preparer.Prepare(new SourceRow(1, ["q"]));
        var pending = preparer.Prepare(new SourceRow(2, ["q"]));
        preparer.Stored();
        // Row 1 was never inserted, so only memory could still know it: it must not.
        var afterStored = preparer.Prepare(new SourceRow(3, ["q"]));

        Assert.Null(beforeStored.Skip);
        Assert.Equal("row 2: duplicate of row 1; not sent again", pending.Skip);
        Assert.Null(afterStored.Skip);
    }

    [Fact]
    public async Task Prepare_StoredRowReadAgainOnResume_NotADuplicateOfItself()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(Job("j1"));
        using var digests = new PromptDigests(ledger.Reader, "j1");
        var earlier = new RowPreparer(Columns, "question", null, null, "f.csv", false, digests).Prepare(new SourceRow(0, ["q"]));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, earlier.Prompt, null) { Digest = earlier.Digest }], 1, false);
        var resumed = new RowPreparer(Columns, "question", null, null, "f.csv", false, digests);

        var same = resumed.Prepare(new SourceRow(0, ["q"]), alreadyStored: true);
        var later = resumed.Prepare(new SourceRow(1, ["q"]));

        Assert.Null(same.Skip);
        Assert.Null(same.Digest);
        Assert.Equal("row 1: duplicate of row 0; not sent again", later.Skip);
        Assert.Equal(1, resumed.Tally.Duplicates);
    }

    public void Dispose() => _dir.Dispose();

    private static JobRecord Job(string id) =>
        new(id, JobState.Running, "in.csv", "out.jsonl", "jsonl", "m", "http://x", "{}", 0, false, DateTimeOffset.UtcNow, null, null, null);
}
