namespace BatchAi.Protocol.Jobs;

/// <summary>A row left out of request files, and why (an image that cannot be read or is too large).</summary>
/// <param name="Index">The row's index.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record RowProblem(long Index, string Reason);
