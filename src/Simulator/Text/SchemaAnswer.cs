using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchAi.Simulator.Text;

/// <summary>
/// A JSON answer for a schema, derived only from the schema and the question: every property of an object, a string from
/// the question, an enum's first value, a number at its minimum (or 1), true, an array of one item. Or, when the question
/// should get an invalid answer, the same object without its first required property (or prose, when nothing is required).
/// </summary>
internal static partial class SchemaAnswer
{
    private const int Depth = 8;

    /// <summary>Whether <paramref name="question"/> asks for invalid answers by a directive (counted per question by the server).</summary>
    public static bool HasDirective(string question) => Directive().IsMatch(question);

    /// <summary>Whether this answer (after <paramref name="priorAnswers"/> earlier ones) should not match the schema.</summary>
    public static bool Invalid(string question, int priorAnswers, double invalidRate)
    {
        if (Directive().Match(question) is { Success: true } match)
        {
            var count = match.Groups["n"].Success ? int.Parse(match.Groups["n"].ValueSpan, CultureInfo.InvariantCulture) : 1;
            return priorAnswers < count;
        }

        // The first answer only: a re-ask is answered validly, so a run's re-asks are exactly the chosen share.
        return priorAnswers == 0 && invalidRate > 0 && (StableHash.Of("invalid-json\n" + question) % 10_000) < invalidRate * 10_000;
    }

    public static string Write(string schemaJson, string question, bool invalid)
    {
        JsonElement schema;
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            schema = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            schema = default;
        }

        var required = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()).FirstOrDefault()
            : null;
        if (invalid && required is null)
        {
            return "Sure! Here is what I found about it, in words rather than JSON.";
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Value(json, schema, Echo(question), 0, invalid ? required : null);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Value(Utf8JsonWriter json, JsonElement schema, string text, int depth, string? leaveOut = null)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > Depth)
        {
            json.WriteStringValue(text);
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(json);
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.GetArrayLength() > 0)
        {
            values[0].WriteTo(json);
            return;
        }

        foreach (var alternatives in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(alternatives, out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            {
                Value(json, options[0], text, depth + 1);
                return;
            }
        }

        switch (TypeOf(schema))
        {
            case "object":
                json.WriteStartObject();
                if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in properties.EnumerateObject().Where(p => p.Name != leaveOut))
                    {
                        json.WritePropertyName(property.Name);
                        Value(json, property.Value, text, depth + 1);
                    }
                }
                json.WriteEndObject();
                break;
            case "array":
                json.WriteStartArray();
                Value(json, schema.TryGetProperty("items", out var items) ? items : default, text, depth + 1);
                json.WriteEndArray();
                break;
            case "integer":
                json.WriteNumberValue(schema.TryGetProperty("minimum", out var min) && min.TryGetInt64(out var least) ? Math.Max(least, 1) : 1);
                break;
            case "number":
                json.WriteNumberValue(schema.TryGetProperty("minimum", out var floor) && floor.TryGetDouble(out var low) ? Math.Max(low, 1.5) : 1.5);
                break;
            case "boolean":
                json.WriteBooleanValue(true);
                break;
            case "null":
                json.WriteNullValue();
                break;
            default:
                json.WriteStringValue(text);
                break;
        }
    }

    // "type" as a name, the first non-null of a list, or "object" when the schema has properties.
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString();
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                return type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "null";
            }
        }

        return schema.TryGetProperty("properties", out _) ? "object" : null;
    }

    private static string Echo(string question)
    {
        var collapsed = string.Join(' ', Directive().Replace(question, "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= 60 ? collapsed : collapsed[..60];
    }

    [GeneratedRegex(@"\[\[sim:invalid-json(?::(?<n>\d{1,3}))?\]\]", RegexOptions.IgnoreCase)]
    private static partial Regex Directive();
}
