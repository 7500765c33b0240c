namespace BatchAi.Daemon.Generation;

/// <summary>
/// What a batch's prompt says the set covers already: how many questions, the themes that recur most, and a sample of the
/// questions to quote (the newest first, interleaved with some spread over the older ones, so it is recent and broad).
/// Taken under the workers' lock, so it is bounded: the prompt quotes far fewer than <see cref="MostSampled"/> within its
/// token budget, and copying the whole set for every batch made a large set quadratic.
/// </summary>
internal sealed record CoveredQuestions(int Count, IReadOnlyList<string> Themes, IReadOnlyList<string> Sample)
{
    public const int MostThemes = 10;

    /// <summary>More than the prompt's token budget can quote even of the shortest questions.</summary>
    public const int MostSampled = 200;

    public static CoveredQuestions None { get; } = new(0, [], []);

    public static CoveredQuestions Of(IReadOnlyList<string> accepted, CoveredThemes themes) =>
        accepted.Count == 0 ? None : new(accepted.Count, themes.Top(MostThemes), [.. Spread(accepted).Take(MostSampled)]);

    private static IEnumerable<string> Spread(IReadOnlyList<string> accepted)
    {
        var seen = new HashSet<int>();
        var stride = Math.Max(1, accepted.Count / 16);
        for (int i = 0, spread = 0; i < accepted.Count; i++, spread += stride)
        {
            var newest = accepted.Count - 1 - i;
            if (seen.Add(newest))
            {
                yield return accepted[newest];
            }

            if (spread < accepted.Count && seen.Add(spread))
            {
                yield return accepted[spread];
            }
        }
    }
}
