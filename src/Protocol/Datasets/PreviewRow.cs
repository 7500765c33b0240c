namespace BatchAi.Protocol.Datasets;

/// <summary>One row as <c>previewDataset</c> shows it: the prompt before and after cleaning.</summary>
/// <param name="Index">0-based index among the data rows, as in <c>job/rowCompleted</c>.</param>
/// <param name="Row">Where the row is in the file as a person counts it (CSV/JSONL line, spreadsheet row); absent for JSON arrays.</param>
/// <param name="Cells">The row's cells as read, aligned with the columns.</param>
/// <param name="Raw">The prompt built from the cells as read.</param>
/// <param name="Cleaned">The prompt as it would be sent.</param>
/// <param name="Rules">Ids of the cleaning rules that changed this row, e.g. <c>html</c>, <c>whitespace</c>.</param>
/// <param name="Skip">Why the row would not be sent (empty, a duplicate of an earlier row, a cell too large); absent when it would be.</param>
/// <param name="Messages">For a conversation row (OpenAI <c>messages</c>, ShareGPT <c>conversations</c>, Alpaca with <c>history</c>) or a row with an image: the messages that will be sent, up to the last user turn the model answers; <paramref name="Cleaned"/> then holds them as OpenAI's JSON. Absent for a plain question.</param>
public sealed record PreviewRow(
    long Index,
    long? Row,
    IReadOnlyList<string?> Cells,
    string Raw,
    string Cleaned,
    IReadOnlyList<string> Rules,
    string? Skip,
    IReadOnlyList<PreviewMessage>? Messages = null);
