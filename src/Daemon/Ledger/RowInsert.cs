namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A row as ingested: its question, its source cells (as a JSON array) and its request fingerprint;
/// pending, already skipped, or already done from the response cache (<paramref name="Cached"/>).
/// </summary>
/// <param name="Conversation">Whether <paramref name="Question"/> holds a conversation's JSON.</param>
internal sealed record RowInsert(
    long Index,
    string Question,
    string? SourceJson,
    RowState State = RowState.Pending,
    string? Error = null,
    string? Fingerprint = null,
    CachedResponse? Cached = null,
    bool Conversation = false);
