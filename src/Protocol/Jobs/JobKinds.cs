namespace BatchAi.Protocol.Jobs;

/// <summary>What a job does, as <see cref="JobInfo.Kind"/> says.</summary>
public static class JobKinds
{
    /// <summary>Answers the rows of a dataset (<c>startJob</c>).</summary>
    public const string Answer = "answer";

    /// <summary>Writes a question set from a seed prompt (<c>generateQuestions</c>).</summary>
    public const string Generate = "generate";
}
