using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ledger;

/// <summary>The answers of rows with several (schema 12's answers table): stored per slot, read back, counted and priced by model.</summary>
public sealed class AnswerLedgerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task StoreAnswerAsync_ReadBackBySlot_CompleteAnswerRememberedUnderItsFingerprint()
    {
        await using var ledger = await OpenAsync();
        await ledger.StoreAnswerAsync(Answer(0, 1, "beta", 0, RowState.Done, 10, 20, fingerprint: "f-beta-0"));
        await ledger.StoreAnswerAsync(Answer(0, 0, "alpha", 0, RowState.Failed, null, null));

        var answers = ledger.Reader.ReadAnswers("j1", 0);

        Assert.Equal([(0, "alpha", RowState.Failed), (1, "beta", RowState.Done)], answers.Select(a => (a.Slot, a.Model, a.State)));
        Assert.Equal("row 0: answer failed", answers[0].Error);
        var cached = ledger.Reader.LookupResponses(["f-beta-0"]);
        Assert.Equal(("answer 0/1", "beta"), (cached["f-beta-0"].Answer, cached["f-beta-0"].Model));
        Assert.Empty(ledger.Reader.ReadAnswers("j1", 1));
    }

    [Fact]
    public async Task Count_Answers_TokensOfEverySlotSpendByModelCachedNotPaid_CostAtEachModelsPrice()
    {
        await using var ledger = await OpenAsync();
        await ledger.StoreAnswerAsync(Answer(0, 0, "cheap", 0, RowState.Done, 100, 1000));
        await ledger.StoreAnswerAsync(Answer(0, 1, "dear", 0, RowState.Done, 100, 1000));
        await ledger.StoreAnswerAsync(Answer(1, 0, "cheap", 0, RowState.Done, 100, 1000, cached: true));
        await ledger.StoreAnswerAsync(Answer(1, 1, "dear", 0, RowState.Failed, null, null));

        var counts = ledger.Reader.Count("j1", byModel: true, answers: true);

        Assert.Equal((3L, 300L, 3000L), (counts.Answers, counts.PromptTokens, counts.CompletionTokens));
        Assert.Equal((200L, 2000L), (counts.SpentPromptTokens, counts.SpentCompletionTokens));
        Assert.Equal([new ModelSpend("cheap", 100, 1000), new ModelSpend("dear", 100, 1000)], counts.SpentByModel!.OrderBy(s => s.Model));
        var price = new JobPrice("USD", new Dictionary<string, ModelPrice> { ["cheap"] = new(1m, 2m), ["dear"] = new(10m, 20m) });
        // cheap: 100 × 1 + 1000 × 2; dear: 100 × 10 + 1000 × 20; per million tokens.
        Assert.Equal(0.0231m, price.Cost(counts.SpentByModel!));
    }

    [Fact]
    public async Task RetryFailedAsync_FailedRowsFailedAnswersGo_AnsweredRowsKeepTheirs()
    {
        await using var ledger = await OpenAsync();
        await ledger.StoreAnswerAsync(Answer(0, 0, "m", 0, RowState.Failed, null, null));
        await ledger.CompleteAsync(new RowResult("j1", 0, RowState.Failed, 1, null, null, null, null, null, "row 0: no answer", DateTimeOffset.UtcNow, 1));
        await ledger.StoreAnswerAsync(Answer(1, 0, "m", 0, RowState.Failed, null, null));
        await ledger.StoreAnswerAsync(Answer(1, 1, "m", 1, RowState.Done, 1, 1));
        await ledger.CompleteAsync(new RowResult("j1", 1, RowState.Done, 1, "a", null, 1, 1, "stop", null, DateTimeOffset.UtcNow, 1));

        Assert.Equal(1, await ledger.RetryFailedAsync("j1"));

        Assert.Empty(ledger.Reader.ReadAnswers("j1", 0));
        Assert.Equal(2, ledger.Reader.ReadAnswers("j1", 1).Count);
    }

    private async Task<JobLedger> OpenAsync()
    {
        var ledger = JobLedger.Open(_dir.Path, _ => { });
        await ledger.InsertJobAsync(new JobRecord("j1", StoredJobState.Running, "in.csv", "out.jsonl", "jsonl", "m", "http://x/v1", "{}", 0, false, DateTimeOffset.UtcNow, null, null, null));
        await ledger.InsertRowsAsync("j1", [new RowInsert(0, "q0", "[\"q0\"]"), new RowInsert(1, "q1", "[\"q1\"]")], 2, totalKnown: true);
        return ledger;
    }

    private static SlotAnswer Answer(long row, int slot, string model, int sample, RowState state, int? prompt, int? completion, string? fingerprint = null,
        bool cached = false) => new("j1", row, slot, model, sample, state, state == RowState.Done ? $"answer {row}/{slot}" : null, null, prompt, completion,
        state == RowState.Done ? "stop" : null, state == RowState.Done ? null : $"row {row}: answer failed", "e", fingerprint, cached, DateTimeOffset.UtcNow);

    public void Dispose() => _dir.Dispose();
}
