namespace BatchAi.Simulator.Batches;

/// <summary>
/// The options a batch runs under, taken when it is created: a test that changes the options later does not change the
/// timeline or the shares of a batch already under way.
/// </summary>
internal sealed record BatchSettings(
    TimeSpan Validation,
    TimeSpan Completion,
    TimeSpan Finalizing,
    double FailedShare,
    double ExpiredShare,
    ulong Seed,
    bool FailValidation,
    long? EnqueuedTokenLimit,
    int MaxLines,
    bool CountLines)
{
    /// <summary>The metadata directive that makes one batch fail validation: <c>"sim": "fail_validation"</c>.</summary>
    public const string DirectiveKey = "sim";
    public const string FailValidationDirective = "fail_validation";

    public static BatchSettings From(SimulatorOptions options, IReadOnlyDictionary<string, string>? metadata) => new(
        Clamp(options.BatchValidationTime),
        Clamp(options.BatchCompletionTime),
        Clamp(options.BatchFinalizingTime),
        Math.Clamp(options.BatchFailedShare, 0, 1),
        Math.Clamp(options.BatchExpiredShare, 0, 1),
        (ulong)(options.Seed ?? 0),
        options.BatchFailValidation
            || (metadata is not null && metadata.TryGetValue(DirectiveKey, out var directive) && directive == FailValidationDirective),
        options.BatchEnqueuedTokenLimit,
        options.MaxBatchLines,
        options.CountByQuestion);

    private static TimeSpan Clamp(TimeSpan time) => time < TimeSpan.Zero ? TimeSpan.Zero : time;
}
