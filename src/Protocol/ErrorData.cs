namespace BatchAi.Protocol;

/// <summary>The <c>data</c> of a JSON-RPC error: where the fault is. Fields that do not apply are omitted.</summary>
/// <param name="File">The file at fault.</param>
/// <param name="Row">The row at fault, counted as a person counts it (the CSV/JSONL line, the spreadsheet row).</param>
/// <param name="Field">The request field at fault, e.g. <c>provider.baseUrl</c>.</param>
/// <param name="JobId">The job concerned.</param>
public sealed record ErrorData(string? File = null, long? Row = null, string? Field = null, string? JobId = null);
