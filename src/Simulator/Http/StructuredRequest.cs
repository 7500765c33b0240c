using System.Text.Json;

namespace BatchAi.Simulator.Http;

/// <summary>What a request says about a structured answer: the <c>response_format</c> sent, or the daemon's instruction.</summary>
internal static class StructuredRequest
{
    // The daemon's instruction form (Prompting/ResponseFormat.Instruction): this line, then the schema to the end of the message.
    internal const string InstructionMarker = "Answer with one JSON object only, no prose and no code fence.";
    internal const string SchemaLead = "It must match this JSON Schema:\n";

    public static string? Type(JsonElement root) =>
        root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    public static string? Schema(JsonElement root, string? systemPrompt)
    {
        if (root.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
            && format.TryGetProperty("json_schema", out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object
            && jsonSchema.TryGetProperty("schema", out var schema))
        {
            return schema.GetRawText();
        }

        if (systemPrompt is null || systemPrompt.IndexOf(InstructionMarker, StringComparison.Ordinal) < 0)
        {
            return null;
        }

        var lead = systemPrompt.IndexOf(SchemaLead, StringComparison.Ordinal);
        return lead < 0 ? "{}" : systemPrompt[(lead + SchemaLead.Length)..].Trim();
    }
}
