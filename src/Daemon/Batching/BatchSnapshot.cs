using System.Text.Json;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// A provider's batch object as one read of it says (OpenAI's <c>/v1/batches</c> shape): its status, <c>request_counts</c>,
/// result files and, for a batch that failed, its <c>errors.data</c>.
/// </summary>
internal sealed record BatchSnapshot(
    string Id,
    string InputFileId,
    string Status,
    int Total,
    int Completed,
    int Failed,
    string? OutputFileId,
    string? ErrorFileId,
    IReadOnlyList<BatchFault> Errors)
{
    /// <summary>The provider is done with it (completed, expired, cancelled or failed): no status will follow.</summary>
    public bool Ended => Status is "completed" or "expired" or "cancelled" or "failed";

    /// <summary>The provider refused the batch whole (validation, a quota): it has no result files.</summary>
    public bool Refused => Status == "failed";

    /// <summary>Why it failed, each error with its code and line: what the batch and its rows show.</summary>
    public string ErrorText() => Errors.Count == 0
        ? $"the provider failed batch {Id} without saying why"
        : string.Join("; ", Errors.Take(5).Select(e => e.ToString())) + (Errors.Count > 5 ? $"; and {Errors.Count - 5} more" : "");

    public static BatchSnapshot Parse(JsonElement batch)
    {
        var counts = batch.TryGetProperty("request_counts", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var errors = new List<BatchFault>();
        if (batch.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("data", out var data)
            && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in data.EnumerateArray())
            {
                errors.Add(new BatchFault(Text(error, "code"), Text(error, "message") ?? "", error.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var line) ? line : null));
            }
        }

        return new BatchSnapshot(
            Text(batch, "id") ?? throw new JsonException("a batch object without an id"),
            Text(batch, "input_file_id") ?? "",
            Text(batch, "status") ?? throw new JsonException("a batch object without a status"),
            Count(counts, "total"),
            Count(counts, "completed"),
            Count(counts, "failed"),
            Text(batch, "output_file_id"),
            Text(batch, "error_file_id"),
            errors);
    }

    private static int Count(JsonElement counts, string name) =>
        counts.ValueKind == JsonValueKind.Object && counts.TryGetProperty(name, out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var value) ? value : 0;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
