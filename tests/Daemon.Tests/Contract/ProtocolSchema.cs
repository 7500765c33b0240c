using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Protocol;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>
/// Writes src/Protocol/protocol.json from src/Protocol: the method and notification names every client's tests read, what each
/// takes and answers, and the JSON Schema of every record, enum and set of constants, as the daemon's serializer puts them on the wire.
/// </summary>
internal static class ProtocolSchema
{
    public const string RelativePath = "src/Protocol/protocol.json";

    /// <summary>The one command that regenerates this file and the VS Code client's types from it (docs/protocol.md).</summary>
    public const string UpdateCommand =
        "BATCHAI_UPDATE_SNAPSHOT=1 dotnet test tests/Daemon.Tests --filter FullyQualifiedName~ProtocolSchemaTests && npm --prefix clients/vscode run generate:protocol";

    private static readonly Type[] NameLists = [typeof(Methods), typeof(Protocol.Notifications), typeof(ProtocolInfo)];

    private static readonly JsonSerializerOptions FileFormat = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Generate()
    {
        var assembly = typeof(Methods).Assembly;
        var docs = XmlDocs.For(assembly);
        var exported = assembly.GetExportedTypes().Where(t => !t.IsSubclassOf(typeof(Attribute))).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var records = exported.Where(t => !(t.IsAbstract && t.IsSealed)).ToHashSet();
        var constants = exported.Where(t => t.IsAbstract && t.IsSealed && !NameLists.Contains(t));
        var duplicate = exported.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two protocol types are named {duplicate.Key} ({string.Join(", ", duplicate)}): the schema names each by its name.");
        }

        // The daemon's own options, completed as the daemon's first serialization would complete them.
        var options = RpcJson.CreateOptions();
        options.MakeReadOnly(populateMissingResolver: true);
        var schemas = new RecordSchemas(options, docs, records);

        var definitions = new JsonObject();
        foreach (var type in exported.Where(t => records.Contains(t) || constants.Contains(t)))
        {
            definitions[type.Name] = records.Contains(type) ? schemas.For(type) : Constants(type, docs);
        }

        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$comment"] = $"Generated from src/Protocol; do not edit. Regenerate: {UpdateCommand}",
            ["title"] = "BatchAI daemon protocol",
            ["description"] =
                "JSON-RPC 2.0. methodTypes and notificationTypes name each message's params and result; $defs holds every type. " +
                "Names are camelCase, enums are strings, numbers are JSON numbers. The daemon leaves out a field that is null; " +
                "a field not listed as required may be absent. Clients must ignore fields they do not know.",
            ["protocolVersion"] = ProtocolInfo.Version,
            ["methods"] = Names(typeof(Methods), Methods.All),
            ["notifications"] = Names(typeof(Protocol.Notifications), Protocol.Notifications.All),
            ["methodTypes"] = Messages(typeof(Methods), Methods.All, docs, withResult: true),
            ["notificationTypes"] = Messages(typeof(Protocol.Notifications), Protocol.Notifications.All, docs, withResult: false),
            ["$defs"] = definitions,
        };
        return document.ToJsonString(FileFormat) + "\n";
    }

    private static JsonArray Names(Type holder, IReadOnlyList<string> all)
    {
        var declared = NameFields(holder).Select(f => (string)f.GetRawConstantValue()!).ToList();
        if (!declared.Order().SequenceEqual(all.Order()))
        {
            throw new InvalidOperationException($"{holder.Name}.All must list every constant of {holder.Name}: it has [{string.Join(", ", all)}], the constants are [{string.Join(", ", declared)}].");
        }

        return new JsonArray([.. all.Select(n => (JsonNode)n)]);
    }

    private static JsonObject Messages(Type holder, IReadOnlyList<string> all, XmlDocs docs, bool withResult)
    {
        var fields = NameFields(holder).ToDictionary(f => (string)f.GetRawConstantValue()!);
        var messages = new JsonObject();
        foreach (var name in all)
        {
            var field = fields[name];
            var message = new JsonObject();
            if (docs.Field(field) is { } description)
            {
                message["description"] = description;
            }

            if (field.GetCustomAttribute<RpcParamsAttribute>() is { } parameters)
            {
                message["params"] = new JsonObject { ["$ref"] = RecordSchemas.Ref(parameters.Type) };
            }
            else if (!withResult)
            {
                throw new InvalidOperationException($"Notification {holder.Name}.{field.Name} needs [RpcParams(typeof(...))]: a notification always carries one object.");
            }

            if (withResult)
            {
                message["result"] = field.GetCustomAttribute<RpcResultAttribute>() is { } result
                    ? new JsonObject { ["$ref"] = RecordSchemas.Ref(result.Type) }
                    : new JsonObject { ["description"] = "An empty object.", ["type"] = "object", ["maxProperties"] = 0 };
            }

            messages[name] = message;
        }

        return messages;
    }

    // A static class of constants (error codes, job kinds): one schema whose oneOf names each value.
    private static JsonObject Constants(Type type, XmlDocs docs)
    {
        var fields = NameFields(type).ToList();
        var kinds = fields.Select(f => f.FieldType).Distinct().ToList();
        if (kinds.Count != 1 || (kinds[0] != typeof(int) && kinds[0] != typeof(string)))
        {
            throw new InvalidOperationException($"{type.Name}: a set of protocol constants holds only int or only string constants.");
        }

        var schema = new JsonObject { ["title"] = type.Name };
        if (docs.Type(type) is { } description)
        {
            schema["description"] = description;
        }

        schema["type"] = kinds[0] == typeof(int) ? "integer" : "string";
        var values = new JsonArray();
        foreach (var field in fields)
        {
            var value = new JsonObject { ["title"] = field.Name, ["const"] = field.GetRawConstantValue() switch { int i => JsonValue.Create(i), var v => JsonValue.Create((string)v!) } };
            if (docs.Field(field) is { } fieldDescription)
            {
                value["description"] = fieldDescription;
            }

            values.Add(value);
        }

        schema["oneOf"] = values;
        return schema;
    }

    private static IEnumerable<FieldInfo> NameFields(Type holder) =>
        holder.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).OrderBy(f => f.MetadataToken);
}
