using System.Text.Json;
using Json.Schema;

namespace BatchAi.Daemon.Structured;

/// <summary>
/// A job's JSON Schema, built once by JsonSchema.Net and used for every answer: validation is local and the same whatever
/// the endpoint promised, since only OpenAI's strict mode guarantees a matching answer (JSON mode guarantees JSON, an
/// instruction nothing).
/// </summary>
internal sealed class AnswerSchema
{
    // Enough for a model to fix its answer and a person to read in a row's error; a schema can report hundreds.
    private const int MostErrors = 10;

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema _schema;

    private AnswerSchema(string text, JsonSchema schema, IReadOnlyList<string> properties)
    {
        Text = text;
        _schema = schema;
        Properties = properties;
    }

    /// <summary>The schema as compact JSON: what the fingerprint hashes and the wire body sends.</summary>
    public string Text { get; }

    /// <summary>The names of the root's <c>properties</c>, in the schema's order: the tabular exports' extra columns.</summary>
    public IReadOnlyList<string> Properties { get; }

    /// <summary>Builds a schema from JSON text; throws <see cref="SchemaException"/> saying what is wrong with it.</summary>
    public static AnswerSchema Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SchemaException($"not JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaException("the schema must be a JSON object");
        }

        if (root.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.ValueEquals("object")))
        {
            throw new SchemaException("/type: the root must be an object schema (\"type\": \"object\"): structured outputs answer one JSON object");
        }

        JsonSchema schema;
        try
        {
            // A registry of its own: two jobs' schemas with the same $id must not clash in the library's global one.
            schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or RefResolutionException)
        {
            throw new SchemaException(e.Message, e);
        }

        var properties = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().Select(x => x.Name).ToList()
            : [];
        return new AnswerSchema(JsonSerializer.Serialize(root), schema, properties);
    }

    /// <summary>Validates one answer (its JSON, <see cref="AnswerJson.Text"/>) against the schema.</summary>
    public SchemaCheck Check(string answer)
    {
        using var document = AnswerJsonOrNull(answer, out var notJson);
        if (document is null)
        {
            return new SchemaCheck([$"/: the answer is not JSON ({notJson})"]);
        }

        var results = _schema.Evaluate(document.RootElement, Evaluation);
        if (results.IsValid)
        {
            return SchemaCheck.Valid;
        }

        var errors = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Values.Select(message => $"{Location(d.InstanceLocation.ToString())}: {message}"))
            .Distinct(StringComparer.Ordinal)
            .Take(MostErrors)
            .ToList();
        return new SchemaCheck(errors.Count > 0 ? errors : ["/: the answer does not match the schema"]);
    }

    private static string Location(string pointer) => pointer.Length == 0 ? "/" : pointer;

    private static JsonDocument? AnswerJsonOrNull(string answer, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(AnswerJson.Text(answer).ToString());
        }
        catch (JsonException e)
        {
            // The reader's position only: the rest of its message repeats what "not JSON" says.
            error = e.LineNumber is { } line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : e.Message;
            return null;
        }
    }
}
