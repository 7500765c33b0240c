using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ledger;

/// <summary>A batch job's files and batches as the ledger records them, each step before the next, and its rows submitted with them.</summary>
public sealed class BatchLedgerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Steps_EachRecorded_RowsSubmittedWithTheirBatch_FoldReturnsRowsWithoutALine()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "/in.csv", "/out.jsonl", "jsonl", "m", "http://a/v1", "{}", 0, false, At, null, null, null));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 5).Select(i => new RowInsert(i, $"q{i}", null))], 5, totalKnown: true);
        await ledger.CompleteAsync(new RowResult("j1", 1, RowState.Done, 1, "cached", null, 1, 1, "stop", null, At, 0));
        var batches = new BatchLedger(ledger);

        await batches.RecordMarkedAsync(new BatchFileRecord("j1", 1, "/f1.jsonl", 3, 300, 0, 3, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        Assert.Equal((1L, 3L, 0L), (ledger.Reader.Count("j1").Done, ledger.Reader.Count("j1").Submitted, ledger.Reader.Count("j1").Pending - 1));
        var (rows, _) = ledger.Reader.ReadRows("j1", null, 0, 10);
        Assert.Equal(["submitted", "done", "submitted", "submitted", "pending"], rows.Select(r => r.State));
        Assert.All(rows, r => Assert.Null(r.Batch)); // no batch yet

        await batches.SetUploadedAsync("j1", 1, "file-abc", At);
        await batches.SetCreatedAsync("j1", 1, "batch_xyz", At);
        await batches.SetStatusAsync("j1", 1, "in_progress", 1, 0, null, null, null, At);
        Assert.Equal("batch_xyz", ledger.Reader.ReadRows("j1", RowState.Submitted, 0, 10).Rows[0].Batch);
        var file = Assert.Single(batches.Read("j1"));
        Assert.Equal(("in_progress", "file-abc", "batch_xyz", 1), (file.State, file.FileId, file.BatchId, file.Completed));

        // Row 0 answered by the batch's output; rows 2 and 3 had no line: pending again.
        await ledger.FoldAsync([new RowResult("j1", 0, RowState.Done, 0, "a0", null, 2, 2, "stop", null, At, 0)]);
        Assert.Equal(2, await batches.SetFoldedAsync("j1", 1, At));
        await batches.SetStatusAsync("j1", 1, "completed", 3, 0, "out", null, null, At); // a late poll does not undo the fold
        Assert.Equal(BatchLedger.Folded, Assert.Single(batches.Read("j1")).State);
        Assert.Equal(["done", "done", "pending", "pending", "pending"], ledger.Reader.ReadRows("j1", null, 0, 10).Rows.Select(r => r.State));
    }

    [Fact]
    public async Task MarkUnfolded_MarksOnlyTheRowsOfFilesRecordedAndNotMarked_NeverAFoldedFilesRowsPendingAgain()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "/in.csv", "/out.jsonl", "jsonl", "m", "http://a/v1", "{}", 0, false, At, null, null, null));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 9).Select(i => new RowInsert(i, $"q{i}", null))], 9, totalKnown: true);
        var batches = new BatchLedger(ledger);

        // File 1 (rows 0-2) marked and folded with rows 1 and 2 unanswered; file 2 (rows 3-5) recorded, its daemon dead before marking.
        await batches.RecordMarkedAsync(new BatchFileRecord("j1", 1, "/f1.jsonl", 3, 300, 0, 2, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        await ledger.FoldAsync([new RowResult("j1", 0, RowState.Done, 0, "a0", null, 2, 2, "stop", null, At, 0)], batch: 1);
        await batches.SetFoldedAsync("j1", 1, At);
        await batches.RecordAsync(new BatchFileRecord("j1", 2, "/f2.jsonl", 3, 300, 3, 5, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        Assert.Equal(0, ledger.Reader.Count("j1").Submitted);

        Assert.Equal(3, await batches.MarkUnfoldedAsync("j1"));
        Assert.Equal(0, await batches.MarkUnfoldedAsync("j1")); // marked once: nothing more
        Assert.Equal(["done", "pending", "pending", "submitted", "submitted", "submitted", "pending", "pending", "pending"],
            ledger.Reader.ReadRows("j1", null, 0, 10).Rows.Select(r => r.State));
    }

    [Fact]
    public async Task MarkRows_ARangeOfSeveralSlices_MarksEveryPendingRowOfItAndNoneAfter()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "/in.csv", "/out.jsonl", "jsonl", "m", "http://a/v1", "{}", 0, false, At, null, null, null));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 12_010).Select(i => new RowInsert(i, $"q{i}", null))], 12_010, totalKnown: true);
        await ledger.CompleteAsync(new RowResult("j1", 7_000, RowState.Done, 1, "cached", null, 1, 1, "stop", null, At, 0));
        var batches = new BatchLedger(ledger);
        var file = new BatchFileRecord("j1", 1, "/f1.jsonl", 12_000, 1, 0, 12_000, BatchLedger.Written, null, null, null, null, 0, 0, null);
        await batches.RecordAsync(file, At);

        await batches.MarkRowsAsync(file);

        var counts = ledger.Reader.Count("j1");
        Assert.Equal((12_000L, 1L, 9L), (counts.Submitted, counts.Done, counts.Pending));
    }
}
