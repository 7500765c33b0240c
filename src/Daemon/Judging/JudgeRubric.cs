namespace BatchAi.Daemon.Judging;

/// <summary>
/// What the judge scores against: a preset's short, precise criterion, or the user's own text as given. The presets' names
/// are the protocol's <c>JudgeRubrics</c> (a test keeps the two lists the same).
/// </summary>
/// <param name="Name">The preset's name, or null for the user's own text.</param>
/// <param name="Criterion">The criterion as the judge reads it.</param>
/// <param name="NeedsReference">Whether the judge must be shown the row's reference answer (<c>correctness</c>).</param>
internal sealed record JudgeRubric(string? Name, string Criterion, bool NeedsReference = false)
{
    public const string Helpfulness = "helpfulness";
    public const string Correctness = "correctness";
    public const string FollowsFormat = "follows-format";
    public const string Language = "language";

    public static readonly IReadOnlyDictionary<string, JudgeRubric> Presets = new Dictionary<string, JudgeRubric>(StringComparer.OrdinalIgnoreCase)
    {
        [Helpfulness] = new(Helpfulness,
            "How well the answer helps the person who asked: it addresses what was asked, is accurate, complete without padding, and clear."),
        [Correctness] = new(Correctness,
            "Whether the answer is correct when compared with the reference answer: agreeing with it in substance scores high whatever the "
            + "wording; contradicting it, or missing its key facts, scores low.", NeedsReference: true),
        [FollowsFormat] = new(FollowsFormat,
            "Whether the answer follows the format the system prompt and question ask for (structure, length, style, markup); "
            + "judge the form only, not whether the content is right."),
        [Language] = new(Language,
            "Whether the answer is written in the language of the question (its last user message): entirely in that language "
            + "scores highest, another language lowest, a mix in between."),
    };

    /// <summary>A preset by its name, else the text itself as the user's own rubric; <c>helpfulness</c> when blank.</summary>
    public static JudgeRubric Of(string? rubric) =>
        string.IsNullOrWhiteSpace(rubric) ? Presets[Helpfulness]
        : Presets.TryGetValue(rubric.Trim(), out var preset) ? preset
        : new JudgeRubric(null, rubric.Trim());
}
