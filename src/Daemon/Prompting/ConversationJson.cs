using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// A conversation as the ledger stores it in a row's <c>question</c>: OpenAI's <c>messages</c> array, with images by
/// reference (a path, a <c>file:</c> or http(s) URL), never inlined. The same JSON is what an export writes back.
/// </summary>
internal static class ConversationJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IReadOnlyList<ChatMessage> messages) => Write(messages, models: null);

    /// <summary>
    /// The conversation with, where <paramref name="models"/> names one, a <c>model</c> key on its message: the model that
    /// wrote each assistant turn of a multi-turn row. Only the stored JSON has it; requests and fingerprints are written
    /// from <see cref="ChatMessage"/>, which has no model, so a provider never sees the key.
    /// </summary>
    public static string Write(IReadOnlyList<ChatMessage> messages, IReadOnlyList<string?>? models)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            WriteArray(json, messages, models);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteArray(Utf8JsonWriter json, IReadOnlyList<ChatMessage> messages, IReadOnlyList<string?>? models = null)
    {
        json.WriteStartArray();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            json.WriteStartObject();
            json.WriteString("role"u8, message.RoleName);
            ChatContentWriter.Write(json, message);
            if (models is not null && i < models.Count && models[i] is { } model)
            {
                json.WriteString("model"u8, model);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The <c>model</c> of each message of a stored conversation (null where it has none), in the order of <see cref="Parse(string)"/>.</summary>
    public static IReadOnlyList<string?> Models(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind != JsonValueKind.Array
            ? []
            : document.RootElement.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null)
                .ToList();
    }

    /// <summary>Reads a stored conversation (or OpenAI <c>messages</c> from input); throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static IReadOnlyList<ChatMessage> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    public static IReadOnlyList<ChatMessage> Parse(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the messages are not a JSON array");
        }

        var messages = new List<ChatMessage>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("role", out var roleValue) || roleValue.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"message {messages.Count + 1} has no role");
            }

            var role = Role(roleValue.GetString()!) ?? throw new FormatException($"message {messages.Count + 1} has an unknown role '{roleValue.GetString()}'");
            item.TryGetProperty("content", out var content);
            messages.Add(Message(role, content));
        }

        return messages;
    }

    /// <summary>A role as OpenAI and ShareGPT name it (tool and function turns are not taken), or null.</summary>
    public static ChatRole? Role(string name) => name.Trim().ToLowerInvariant() switch
    {
        "system" or "developer" => ChatRole.System,
        "user" or "human" => ChatRole.User,
        "assistant" or "gpt" or "chatgpt" or "bing" or "bard" or "model" => ChatRole.Assistant,
        _ => null,
    };

    private static ChatMessage Message(ChatRole role, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return new ChatMessage(role, content.GetString()!);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return new ChatMessage(role, string.Empty);
        }

        var parts = new List<ChatPart>();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.String)
            {
                parts.Add(ChatPart.OfText(part.GetString()!));
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("image_url", out var image))
            {
                // OpenAI nests the URL ({"image_url":{"url":...}}); some exporters write the string directly.
                var url = image.ValueKind == JsonValueKind.String ? image.GetString()
                    : image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
                var detail = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                if (!string.IsNullOrWhiteSpace(url))
                {
                    parts.Add(ChatPart.OfImage(url, detail));
                }
            }
            else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                parts.Add(ChatPart.OfText(text.GetString()!));
            }
        }

        return ChatMessage.OfParts(role, parts);
    }
}
