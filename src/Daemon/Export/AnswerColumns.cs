using System.Text.Json;
using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Export;

/// <summary>
/// A structured job's answer spread into columns for the tabular formats: one per top-level property of its schema, a string
/// as its text, any other value as its JSON. An answer that is not a JSON object (a failed row's prose) leaves them empty.
/// </summary>
internal static class AnswerColumns
{
    /// <summary>The header names: a property named like a result column is prefixed with <c>answer.</c>.</summary>
    public static IEnumerable<string> Names(IReadOnlyList<string> properties) =>
        properties.Select(p => TabularRow.FixedColumns.Contains(p, StringComparer.OrdinalIgnoreCase) ? $"answer.{p}" : p);

    public static IEnumerable<string?> Cells(string? answer, IReadOnlyList<string> properties)
    {
        using var document = AnswerJson.TryParse(answer);
        var root = document?.RootElement;
        var cells = new string?[properties.Count];
        if (root is { ValueKind: JsonValueKind.Object } value)
        {
            for (var i = 0; i < properties.Count; i++)
            {
                cells[i] = value.TryGetProperty(properties[i], out var cell) ? Text(cell) : null;
            }
        }

        return cells;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
