namespace BatchAi.Protocol.Jobs;

/// <summary>The judge's preset rubrics (<see cref="JudgeOptions.Rubric"/>); any other text is the user's own rubric.</summary>
public static class JudgeRubrics
{
    /// <summary>How well the answer helps the asker: relevant, complete, clear.</summary>
    public const string Helpfulness = "helpfulness";

    /// <summary>Whether the answer agrees with the reference answer in <see cref="JudgeOptions.ReferenceColumn"/>.</summary>
    public const string Correctness = "correctness";

    /// <summary>Whether the answer follows the format the question or system prompt asks for.</summary>
    public const string FollowsFormat = "follows-format";

    /// <summary>Whether the answer is written in the question's language.</summary>
    public const string Language = "language";
}
