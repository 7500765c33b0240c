using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchAi.Daemon.Ingest;

/// <summary>Turns one JSON item into row cells: an object's keys become columns; any other value is the <c>question</c>.</summary>
internal static class JsonCells
{
    public const string QuestionColumn = "question";

    private static readonly JsonWriterOptions CompactWriter = new()
    {
        Indented = false,
        // Keep Chinese and other text readable in cells holding nested JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string?[] ToCells(JsonElement item, ColumnNames columns)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            var index = columns.IndexOfOrAdd(QuestionColumn);
            var single = new string?[columns.Count];
            single[index] = Render(item);
            return single;
        }

        var values = new List<(int Column, string? Value)>();
        foreach (var property in item.EnumerateObject())
        {
            values.Add((columns.IndexOfOrAdd(property.Name), Render(property.Value)));
        }

        // Sized after the loop: this item may have added columns.
        var cells = new string?[columns.Count];
        foreach (var (column, value) in values)
        {
            cells[column] = value;
        }

        return cells;
    }

    public static string? Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => Compact(value),
    };

    private static string Compact(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
