namespace BatchAi.Daemon.Generation;

/// <summary>What a generate job asks for, stored in its job's spec (<c>Jobs/JobSpec</c>) so a restarted daemon resumes it.</summary>
/// <param name="SeedPrompt">What the questions are about.</param>
/// <param name="Count">How many distinct questions to accept.</param>
/// <param name="BatchSize">Questions asked for per request.</param>
/// <param name="Similarity">Near-duplicate threshold (Jaccard similarity of character shingles).</param>
/// <param name="MaxRequests">The most requests the job makes, over all its runs.</param>
internal sealed record GenerationSpec(string SeedPrompt, int Count, int BatchSize, double Similarity, int MaxRequests)
{
    public const int DefaultBatchSize = 20;
    public const int MaxBatchSize = 200;
    public const int MaxCount = 100_000;
    public const int DefaultConcurrency = 4;
    public const double DefaultSimilarity = 0.7;

    /// <summary>Replies in a row that brought nothing new before the job decides the model has no more to give.</summary>
    public const int FruitlessLimit = 5;

    /// <summary>Requests in a row that failed (after their retries) before the job fails.</summary>
    public const int FailureLimit = 5;

    /// <summary>Four times the batches the count needs, plus 10: room for duplicates, a bound on spending.</summary>
    public static int DefaultMaxRequests(int count, int batchSize) => (int)Math.Min(int.MaxValue, 4L * ((count + batchSize - 1) / batchSize) + 10);
}
