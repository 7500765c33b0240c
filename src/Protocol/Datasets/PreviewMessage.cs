namespace BatchAi.Protocol.Datasets;

/// <summary>One message of a conversation or image row, as <c>previewDataset</c> shows what will be sent.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Text">The message's text, cleaned.</param>
/// <param name="Images">Its images as the dataset names them (a path relative to the dataset, a <c>file:</c> or http(s) URL); a local one is sent as a base64 data URL. Absent when it has none.</param>
public sealed record PreviewMessage(string Role, string Text, IReadOnlyList<string>? Images = null);
