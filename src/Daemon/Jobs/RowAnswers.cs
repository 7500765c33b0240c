using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A row's stored answers as the wire has them (<see cref="RowAnswer"/>), for <c>getRows</c> and <c>job/rowCompleted</c>.</summary>
internal static class RowAnswers
{
    public static RowAnswer ToProtocol(SlotAnswer a) => new(
        a.Slot,
        a.Model,
        a.Sample,
        a.State.Name(),
        a.State is RowState.Done or RowState.Failed ? a.Answer : null,
        a.Reasoning,
        a.FinishReason,
        a.PromptTokens,
        a.CompletionTokens,
        a.IsDone ? null : a.Error,
        a.Score,
        a.ScoreReason);

    /// <summary>
    /// Every slot of a row, stored or not: a slot not yet asked is <c>pending</c>, with its model and sample, so a client shows
    /// a row's answers side by side from the start.
    /// </summary>
    public static IReadOnlyList<RowAnswer> Of(AnswerSlots slots, IReadOnlyList<SlotAnswer> stored)
    {
        var bySlot = stored.ToDictionary(a => a.Slot);
        return Enumerable.Range(0, slots.Count)
            .Select(s => bySlot.TryGetValue(s, out var a) ? ToProtocol(a) : new RowAnswer(s, slots.ModelOf(s), slots.SampleOf(s), RowState.Pending.Name(), null))
            .ToList();
    }
}
