namespace BatchAi.Daemon.Batching;

/// <summary>A result line not folded into the ledger: its number in the file (from 1), its custom_id if it had one, and why.</summary>
internal sealed record RefusedLine(long Line, string? CustomId, string Reason);
