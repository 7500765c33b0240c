using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Tests.Jobs;

public sealed class AnswerSlotsTests
{
    private static readonly AnswerSlots TwoModelsThreeSamples = new(["a", "b"], 3, ByModel: true);

    [Fact]
    public void Slot_ModelsInOrderEachModelsSamplesInTurn()
    {
        Assert.Equal(6, TwoModelsThreeSamples.Count);
        Assert.Equal(4, TwoModelsThreeSamples.Slot(1, 1));
        Assert.Equal(["a", "a", "a", "b", "b", "b"], Enumerable.Range(0, 6).Select(TwoModelsThreeSamples.ModelOf));
        Assert.Equal([0, 1, 2, 0, 1, 2], Enumerable.Range(0, 6).Select(TwoModelsThreeSamples.SampleOf));
    }

    [Fact]
    public void Plan_NothingStored_OneRequestPerModelForAllItsSamples()
    {
        Assert.Equal([new SlotRequest(0, 0, 3), new SlotRequest(1, 0, 3)], TwoModelsThreeSamples.Plan(new HashSet<int>()));
    }

    [Fact]
    public void Plan_SomeStored_OnlyTheMissingOnesEachAlone()
    {
        // Model a has sample 1 (a resumed row); model b has nothing yet and still gets one request for all.
        Assert.Equal([new SlotRequest(0, 0, 1), new SlotRequest(0, 2, 1), new SlotRequest(1, 0, 3)], TwoModelsThreeSamples.Plan(new HashSet<int> { 1 }));
        Assert.Empty(TwoModelsThreeSamples.Plan(Enumerable.Range(0, 6).ToHashSet()));
    }

    [Fact]
    public void Plan_OneSample_OneRequestPerModel()
    {
        Assert.Equal([new SlotRequest(0, 0, 1), new SlotRequest(1, 0, 1)], new AnswerSlots(["a", "b"], 1, true).Plan(new HashSet<int>()));
    }

    [Fact]
    public void Decide_SlotWithoutRecord_NotFinished()
    {
        Assert.Null(SlotOutcome.Decide(TwoModelsThreeSamples, [Answer(0, RowState.Done), Answer(1, RowState.Failed)]));
    }

    [Fact]
    public void Decide_EverySlotStored_DoneWithOneAnswerFailedWithNone()
    {
        var oneAnswered = Enumerable.Range(0, 6).Select(s => Answer(s, s == 4 ? RowState.Done : RowState.Failed)).ToList();
        var noneAnswered = Enumerable.Range(0, 6).Select(s => Answer(s, RowState.Failed)).ToList();

        Assert.Equal(RowState.Done, SlotOutcome.Decide(TwoModelsThreeSamples, oneAnswered));
        Assert.Equal(4, SlotOutcome.Lead(oneAnswered)!.Slot); // slot 0 failed: the row's columns hold the first answer
        Assert.Equal(RowState.Failed, SlotOutcome.Decide(TwoModelsThreeSamples, noneAnswered));
        Assert.Equal(0, SlotOutcome.Lead(noneAnswered)!.Slot);
        Assert.StartsWith("row 7: no answer: a sample 0: boom; a sample 1: boom", SlotOutcome.Error(7, noneAnswered), StringComparison.Ordinal);
    }

    private static SlotAnswer Answer(int slot, RowState state) => new("j", 7, slot, TwoModelsThreeSamples.ModelOf(slot), TwoModelsThreeSamples.SampleOf(slot), state,
        state == RowState.Done ? "x" : null, null, 1, 2, "stop", state == RowState.Done ? null : "row 7: boom", null, null, false, null);
}
