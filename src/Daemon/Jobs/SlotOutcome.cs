using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// Whether a row of several answers is finished, and how: the one place that decides it (a judge adds "and judged" here).
/// A slot fails on its own, its error kept; the row is done once every slot has a stored answer and at least one is answered,
/// failed when none is. With a judge, not before every answer is judged too (scored, or given up on with the judge's error).
/// </summary>
internal static class SlotOutcome
{
    /// <summary>The row's state from its slots' stored answers: null while some slot has none (it is still to be asked).</summary>
    /// <param name="judged">Whether the job has a judge, whose verdict on each answer the row waits for.</param>
    public static RowState? Decide(AnswerSlots slots, IReadOnlyList<SlotAnswer> answers, bool judged = false)
    {
        var stored = answers.Where(a => a.Slot < slots.Count && a.State is RowState.Done or RowState.Failed).Select(a => a.Slot).Distinct().Count();
        if (stored < slots.Count || (judged && answers.Any(a => a.IsDone && a.JudgedAt is null)))
        {
            return null;
        }

        return answers.Any(a => a.IsDone) ? RowState.Done : RowState.Failed;
    }

    /// <summary>The answer the row's own columns hold: slot 0's when it is answered, else the first answered slot's, else slot 0's failure.</summary>
    public static SlotAnswer? Lead(IReadOnlyList<SlotAnswer> answers) =>
        answers.Where(a => a.IsDone).MinBy(a => a.Slot) ?? answers.MinBy(a => a.Slot);

    /// <summary>A failed row's error: each slot's, naming its model and sample.</summary>
    public static string Error(long index, IReadOnlyList<SlotAnswer> answers) =>
        $"row {index}: no answer: " + string.Join("; ", answers.OrderBy(a => a.Slot).Select(a => $"{a.Model} sample {a.Sample}: {Unprefixed(a.Error, index)}"));

    private static string? Unprefixed(string? error, long index) =>
        error is not null && error.StartsWith($"row {index}: ", StringComparison.Ordinal) ? error[$"row {index}: ".Length..] : error;
}
