namespace BatchAi.Simulator.Batches;

/// <summary>One batch's state. Mutated only under <see cref="BatchStore"/>'s lock.</summary>
/// <param name="number">The batch's place among those created on this server, from 1: it keys the answering order (see <see cref="BatchValidator"/>).</param>
internal sealed class SimBatch(string id, long number, string inputFileId, string endpoint, IReadOnlyDictionary<string, string>? metadata, DateTimeOffset createdAt, BatchSettings settings)
{
    public string Id { get; } = id;

    public long Number { get; } = number;

    public string InputFileId { get; } = inputFileId;

    public string Endpoint { get; } = endpoint;

    public IReadOnlyDictionary<string, string>? Metadata { get; } = metadata;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public BatchSettings Settings { get; } = settings;

    public BatchStatus Status { get; set; } = BatchStatus.Validating;

    public DateTimeOffset? InProgressAt { get; set; }

    public DateTimeOffset? FinalizingAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public DateTimeOffset? ExpiredAt { get; set; }

    public DateTimeOffset? CancellingAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public List<BatchError> Errors { get; } = [];

    public string? Model { get; set; }

    public string? OutputFileId { get; set; }

    public string? ErrorFileId { get; set; }

    /// <summary>The lines, while the batch is in progress or cancelling; null before and once it ends.</summary>
    public BatchPlan? Plan { get; set; }

    public BatchOutput? Output { get; set; }

    public int Total { get; set; }

    public int Completed { get; set; }

    public int Failed { get; set; }

    /// <summary>Lines taken from <see cref="BatchPlan.Order"/> so far.</summary>
    public int Done { get; set; }

    /// <summary>
    /// When the last line was answered: its due time on a clock worked out when someone looks, the fleet's clock when it answered it
    /// in background mode (later than due when the fleet is behind). The batch's lines stop at this or its nominal end, the later.
    /// </summary>
    public DateTimeOffset? LastAnsweredAt { get; set; }

    /// <summary>The prompt tokens the batch holds against the enqueued quota (counted only when a quota is set).</summary>
    public long EnqueuedTokens { get; set; }

    public long InputTokens { get; set; }

    public long OutputTokens { get; set; }

    public long ReasoningTokens { get; set; }

    /// <summary>
    /// When the batch holds its prompt tokens against the enqueued quota: from in_progress until its lines stop (a cancel, or the
    /// end of in_progress). A batch still in progress holds them however late it runs, as OpenAI counts every in_progress batch.
    /// </summary>
    public bool HoldsQuotaAt(DateTimeOffset instant) =>
        InProgressAt is { } start && start <= instant && instant < (CancellingAt ?? FinalizingAt ?? ExpiredAt ?? DateTimeOffset.MaxValue);
}
