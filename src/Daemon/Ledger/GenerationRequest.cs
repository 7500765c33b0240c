namespace BatchAi.Daemon.Ledger;

/// <summary>One request of a generate job as stored: what the reply offered, what became of it, its tokens, or its error.</summary>
internal sealed record GenerationRequest(
    long Seq,
    int Offered,
    int Accepted,
    int Duplicates,
    int NearDuplicates,
    int? PromptTokens,
    int? CompletionTokens,
    string? Error,
    DateTimeOffset FinishedAt);
