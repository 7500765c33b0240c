using System.Text.Json;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Writes a message's <c>content</c> as the OpenAI wire format has it: a string, or an array of parts. One writer for the
/// fingerprint, the wire body and the ledger's stored conversation, so the three cannot differ in shape.
/// </summary>
internal static class ChatContentWriter
{
    /// <summary>Writes a <c>messages</c> array of <c>{role, content}</c> objects: the wire body's, the fingerprint's and the chat exports'.</summary>
    public static void WriteMessages(Utf8JsonWriter json, IEnumerable<ChatMessage> messages)
    {
        json.WriteStartArray("messages"u8);
        foreach (var message in messages)
        {
            json.WriteStartObject();
            json.WriteString("role"u8, message.RoleName);
            Write(json, message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter json, ChatMessage message)
    {
        if (message.Parts is not { } parts)
        {
            json.WriteString("content"u8, message.Content);
            return;
        }

        json.WriteStartArray("content"u8);
        foreach (var part in parts)
        {
            json.WriteStartObject();
            if (part.ImageUrl is { } url)
            {
                json.WriteString("type"u8, "image_url"u8);
                json.WriteStartObject("image_url"u8);
                json.WriteString("url"u8, url);
                if (part.Detail is { } detail)
                {
                    json.WriteString("detail"u8, detail);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteString("type"u8, "text"u8);
                json.WriteString("text"u8, part.Text);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
