namespace BatchAi.Daemon.Generation;

/// <summary>What a question set made of a candidate question.</summary>
internal enum QuestionVerdict
{
    Accepted,

    /// <summary>Nothing left once cleaned (no letter or digit).</summary>
    Empty,

    /// <summary>The same as an accepted question once case, spacing, punctuation and width are set aside.</summary>
    Duplicate,

    /// <summary>At least as similar to an accepted question as the threshold.</summary>
    NearDuplicate,
}
