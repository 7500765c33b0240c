namespace BatchAi.Daemon.Export;

/// <summary>A row's preference pair: its best-scored answer against its worst.</summary>
internal sealed record PreferencePair(ExportAnswer Chosen, ExportAnswer Rejected)
{
    public double Difference => Chosen.Score!.Value - Rejected.Score!.Value;

    public const double DefaultMargin = 1;

    /// <summary>
    /// A row's pair from its scored, complete answers: the best (highest score; of equals, the lowest slot) against the worst
    /// (lowest score; of equals, the highest slot), so equal scores never pair an answer with itself. Written only when the
    /// scores differ by <paramref name="margin"/> or more, and (with <paramref name="minScore"/>) the chosen one meets it;
    /// otherwise null with the reason, for the excluded file.
    /// </summary>
    public static (PreferencePair? Pair, string? Reason) Of(IReadOnlyList<ExportAnswer>? answers, double margin, double? minScore = null)
    {
        var scored = (answers ?? []).Where(a => a.IsComplete && a.Score is not null)
            .OrderByDescending(a => a.Score).ThenBy(a => a.Slot).ToList();
        if (scored.Count < 2)
        {
            return (null, $"{scored.Count} scored answer{(scored.Count == 1 ? "" : "s")}: a pair needs 2 or more");
        }

        var pair = new PreferencePair(scored[0], scored[^1]);
        if (pair.Difference < margin)
        {
            return (null, $"the best and worst scores ({ScoreFilter.Text(pair.Chosen.Score!.Value)} and {ScoreFilter.Text(pair.Rejected.Score!.Value)}) "
                + $"differ by less than the margin {ScoreFilter.Text(margin)}");
        }

        if (ScoreFilter.ExclusionReason(pair.Chosen, minScore) is { } low)
        {
            return (null, $"the best answer {low}");
        }

        return (pair, null);
    }
}
