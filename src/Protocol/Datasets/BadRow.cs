namespace BatchAi.Protocol.Datasets;

/// <summary>A row that cannot be read.</summary>
/// <param name="Row">Where it is, as a person counts it (CSV/JSONL line, spreadsheet row).</param>
/// <param name="Error">Why, naming the file and the row.</param>
public sealed record BadRow(long Row, string Error);
