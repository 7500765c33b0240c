namespace BatchAi.Daemon.Ledger;

/// <summary>A row as ingested: its question and its source cells (as a JSON array), pending or already skipped.</summary>
internal sealed record RowInsert(long Index, string Question, string? SourceJson, RowState State = RowState.Pending, string? Error = null);
