namespace BatchAi.Protocol.Jobs;

/// <summary>A line of an imported file that was not folded into the ledger.</summary>
/// <param name="Line">Its line number in the file, from 1.</param>
/// <param name="CustomId">Its <c>custom_id</c>, if it had one.</param>
/// <param name="Reason">Why: not a result line, a custom_id of another job or of no row, a custom_id earlier in the file, or a row already answered or skipped.</param>
public sealed record RefusedResultLine(long Line, string? CustomId, string Reason);
