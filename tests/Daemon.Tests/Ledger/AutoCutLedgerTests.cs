using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ledger;

/// <summary>What an auto job reads from the ledger to cut its rows: where the online rows end, and where its batches began after a restart.</summary>
public sealed class AutoCutLedgerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RowAfter_CountsOnlyRowsStillToAnswerBelowTheCut_FirstRowIsWhereTheBatchesBegan()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "/in.csv", "/out.jsonl", "jsonl", "m", "http://a/v1", "{}", 0, false, At, null, null, null));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 10).Select(i => new RowInsert(i, $"q{i}", null))], 10, totalKnown: true);
        await ledger.CompleteAsync(new RowResult("j1", 0, RowState.Done, 1, "a0", null, 1, 1, "stop", null, At, 0));
        ledger.MarkInFlight("j1", 1, At);
        await ledger.CompleteAsync(new RowResult("j1", 2, RowState.Done, 1, "a2", null, 1, 1, "stop", null, At, 0)); // commits the mark too
        var batches = new BatchLedger(ledger);

        Assert.Null(batches.FirstRow("j1"));
        Assert.Equal(5L, batches.RowAfter("j1", long.MaxValue, 3)); // rows 1 (in flight), 3, 4 stay online; row 5 is the first past them
        Assert.Equal(1L, batches.RowAfter("j1", long.MaxValue, 0));
        Assert.Null(batches.RowAfter("j1", 5, 3)); // below a cut at 5 only three rows are left: nothing more to hand over

        // The batch side records rows 6..9; a restart takes its cut from there, so no row of theirs goes online.
        await batches.RecordMarkedAsync(new BatchFileRecord("j1", 1, "/f1.jsonl", 4, 400, 6, 9, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        Assert.Equal(6L, batches.FirstRow("j1"));
        Assert.Equal(["done", "inFlight", "done", "pending", "pending", "pending", "submitted", "submitted", "submitted", "submitted"],
            ledger.Reader.ReadRows("j1", null, 0, 10).Rows.Select(r => r.State));
    }
}
