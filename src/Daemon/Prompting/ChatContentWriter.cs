using System.Text.Json;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Writes a message's <c>content</c> as the OpenAI wire format has it: a string, or an array of parts. One writer for the
/// fingerprint, the wire body and the ledger's stored conversation, so the three cannot differ in shape.
/// </summary>
internal static class ChatContentWriter
{
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
