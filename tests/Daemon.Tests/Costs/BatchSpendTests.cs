using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Costs;

/// <summary>
/// Rows answered by a provider batch (their ledger <c>batch</c> set) are counted apart and charged at batch prices, read from a
/// real ledger: in <c>counts.byBatch</c>, the cost and the budget.
/// </summary>
public sealed class BatchSpendTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Online 10 + 20 tokens per million at 1 and 4, batch at half: what one online and one batch answer cost.
    private static readonly JobPrice Price = new PriceTable("USD", new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["m"] = new(1m, 4m),
    }).For(["m"])!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Count_RowsDoneByABatch_CountedApartAndChargedAtTheBatchPrice(bool byModel)
    {
        await using var ledger = await LedgerWithRowsAsync();
        var batches = new BatchLedger(ledger);
        await batches.RecordMarkedAsync(new BatchFileRecord("j1", 1, "/f1.jsonl", 4, 400, 0, 3, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        // Rows 0 and 1 answered by the batch, row 2 failed by it; row 3 had no line: pending again, then answered online.
        await ledger.FoldAsync([Answer(0, 10, 20), Answer(1, 10, 20), new RowResult("j1", 2, RowState.Failed, 1, null, null, null, null, null, "refused", At, 0)]);
        await batches.SetFoldedAsync("j1", 1, At);
        ledger.MarkInFlight("j1", 3, At);
        await ledger.CompleteAsync(Answer(3, 10, 20) with { Attempts = 2 });
        // Row 4 never was in a batch.
        await ledger.CompleteAsync(Answer(4, 10, 20));

        var counts = ledger.Reader.Count("j1", byModel);
        // getRows names the batch that answered a done row (its id once created); the row answered online names none.
        await batches.SetCreatedAsync("j1", 1, "batch_1", At);
        Assert.Equal(["batch_1", "batch_1", null, null, null], ledger.Reader.ReadRows("j1", null, 0, 10).Rows.Select(r => r.Batch));

        Assert.Equal((4L, 2L, 1L), (counts.Done, counts.ByBatch, counts.Failed));
        Assert.Equal((40L, 80L), (counts.SpentPromptTokens, counts.SpentCompletionTokens));
        var spent = counts.SpentByModel!.OrderBy(s => s.ByBatch).ToList();
        Assert.Equal([(false, 20L, 40L), (true, 20L, 40L)], spent.Select(s => (s.ByBatch, s.PromptTokens, s.CompletionTokens)));
        Assert.All(spent, s => Assert.Equal(byModel ? "m" : null, s.Model));
        var counters = new JobCounters();
        counters.Load(counts, 5, totalKnown: true);
        var snapshot = counters.Snapshot(0, Price);
        // Online 20 * 1 + 40 * 4 = 180; batch half of it, 90; per million.
        Assert.Equal((2L, 0.00027m), (snapshot.ByBatch, snapshot.Cost));
    }

    [Fact]
    public async Task Budget_CostLimitReachedAtOnlinePrices_NotYetAtBatchPrices()
    {
        await using var ledger = await LedgerWithRowsAsync();
        await new BatchLedger(ledger).RecordMarkedAsync(new BatchFileRecord("j1", 1, "/f1.jsonl", 5, 500, 0, 4, BatchLedger.Written, null, null, null, null, 0, 0, null), At);
        await ledger.FoldAsync([.. Enumerable.Range(0, 5).Select(i => Answer(i, 100_000, 100_000))]);
        var counters = new JobCounters();
        counters.Load(ledger.Reader.Count("j1"), 5, totalKnown: true);
        var budget = new JobBudget(MaxCost: 2m);

        // 500k prompt and 500k completion tokens: 2.5 online, 1.25 at batch prices.
        Assert.Equal(1.25m, counters.Cost(Price));
        Assert.Null(BudgetCheck.Reached("j1", budget, 1_000_000, counters.Cost(Price), "USD"));
        counters.Started();
        counters.Completed(succeeded: true, 200_000, 100_000, "m");
        Assert.Equal(1.85m, counters.Cost(Price));
        counters.Started();
        counters.Completed(succeeded: true, 200_000, 200_000, "m");
        Assert.Equal(2.85m, counters.Cost(Price));
        Assert.Contains("cost budget of 2 USD (2.85 USD spent", BudgetCheck.Reached("j1", budget, 1_700_000, counters.Cost(Price), "USD"));
        Assert.Equal(5L, counters.Snapshot(0, Price).ByBatch);
    }

    private static RowResult Answer(long index, int prompt, int completion) =>
        new("j1", index, RowState.Done, 1, $"a{index}", null, prompt, completion, "stop", null, At, 0, Model: "m");

    private async Task<JobLedger> LedgerWithRowsAsync()
    {
        var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "/in.csv", "/out.jsonl", "jsonl", "m", "http://a/v1", "{}", 0, false, At, null, null, null));
        await ledger.InsertRowsAsync("j1", [.. Enumerable.Range(0, 5).Select(i => new RowInsert(i, $"q{i}", null))], 5, totalKnown: true);
        return ledger;
    }
}
