using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>
/// The JSON Schema of one protocol type as the daemon's serializer writes and reads it: <see cref="JsonSchemaExporter"/> over
/// the daemon's own options, with other protocol types as <c>$ref</c>s to <c>#/$defs</c> so each type is declared once.
/// </summary>
internal sealed class RecordSchemas(JsonSerializerOptions options, XmlDocs docs, IReadOnlySet<Type> definitions)
{
    private readonly NullabilityInfoContext _nullability = new();

    public static string Ref(Type type) => "#/$defs/" + type.Name;

    public JsonObject For(Type type)
    {
        var exporter = new JsonSchemaExporterOptions { TransformSchemaNode = Transform };
        var schema = (JsonObject)options.GetJsonSchemaAsNode(type, exporter);
        var root = new JsonObject { ["title"] = type.Name };
        if (docs.Type(type) is { } description)
        {
            root["description"] = description;
        }

        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            root[key] = value;
        }

        return root;
    }

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        NumbersAsNumbers(schema);
        var type = context.TypeInfo.Type;
        if (context.Path.Length == 0)
        {
            if (context.TypeInfo.Kind == JsonTypeInfoKind.Object)
            {
                schema["type"] = "object";
                SetRequired(schema, context.TypeInfo);
            }

            return schema;
        }

        if (definitions.Contains(type))
        {
            schema = new JsonObject { ["$ref"] = Ref(type) };
        }

        if (context.PropertyInfo is { } property)
        {
            schema = Property(schema, property);
        }

        return schema;
    }

    private JsonObject Property(JsonObject schema, JsonPropertyInfo property)
    {
        var member = property.AttributeProvider as PropertyInfo;
        if (schema.ContainsKey("$ref") && property.IsGetNullable)
        {
            schema = new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }

        if (schema.TryGetPropertyValue("default", out var value) && value is null)
        {
            schema.Remove("default");
        }

        if (member is not null)
        {
            ElementNullability(schema, member);
            if (docs.Property(member) is { } description)
            {
                schema.Insert(0, "description", description);
            }
        }

        return schema;
    }

    // A field that is null is left out (WhenWritingNull), and one with a default may be left out by a client: neither is required.
    private static void SetRequired(JsonObject schema, JsonTypeInfo type)
    {
        var required = type.Properties
            .Where(p => !p.IsGetNullable && p.AssociatedParameter?.HasDefaultValue != true)
            .Select(p => (JsonNode)p.Name)
            .ToArray();
        schema.Remove("required");
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }
    }

    // The exporter cannot see a generic argument's annotation, so it calls every list item and dictionary value nullable.
    private void ElementNullability(JsonObject schema, PropertyInfo member)
    {
        var arguments = _nullability.Create(member).GenericTypeArguments;
        if (arguments.Length == 0)
        {
            return;
        }

        var nullable = arguments[^1].ReadState == NullabilityState.Nullable;
        foreach (var key in (string[])["items", "additionalProperties"])
        {
            if (schema[key] is JsonObject element && element["type"] is JsonArray types && !nullable)
            {
                var left = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
                element["type"] = left.Length == 1 ? left[0] : new JsonArray([.. left.Select(t => (JsonNode)t)]);
            }
        }
    }

    // The daemon writes numbers as JSON numbers; that it also reads numeric strings (the web defaults) is leniency, not contract.
    private static void NumbersAsNumbers(JsonObject schema)
    {
        if (schema["type"] is not JsonArray types || !schema.ContainsKey("pattern"))
        {
            return;
        }

        var names = types.Select(t => t!.GetValue<string>()).ToList();
        if (!names.Contains("string") || !(names.Contains("integer") || names.Contains("number")))
        {
            return;
        }

        names.Remove("string");
        schema.Remove("pattern");
        schema["type"] = names.Count == 1 ? names[0] : new JsonArray([.. names.Select(n => (JsonNode)n)]);
    }
}
