using System.Globalization;

namespace BatchAi.Daemon.Export;

/// <summary>
/// An export's <c>minScore</c>: only answers the judge scored at least this stay; the others are listed apart with their score
/// and the judge's reason. An answer the judge has not scored (not yet, or it gave up) cannot be shown to meet it, so it is
/// left out too, with why.
/// </summary>
internal static class ScoreFilter
{
    /// <summary>Why <paramref name="answer"/> is left out under <paramref name="minScore"/>, or null when it stays (or no minimum applies).</summary>
    public static string? ExclusionReason(ExportAnswer? answer, double? minScore)
    {
        if (minScore is not { } least)
        {
            return null;
        }

        if (answer?.Score is not { } score)
        {
            return answer?.ScoreReason is { } why ? $"not judged: {why}" : "not judged";
        }

        return score < least ? $"scored {Text(score)}, below the minimum score {Text(least)}" : null;
    }

    public static string Text(double score) => score.ToString("0.##", CultureInfo.InvariantCulture);
}
