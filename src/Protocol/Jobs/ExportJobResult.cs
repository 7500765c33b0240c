namespace BatchAi.Protocol.Jobs;

/// <summary>Result of <c>exportJob</c>.</summary>
/// <param name="Output">The file written.</param>
/// <param name="Format">Its format.</param>
/// <param name="Rows">How many records it holds.</param>
public sealed record ExportJobResult(string Output, string Format, long Rows);
