using System.Buffers;
using System.Text.Json;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// One line of an OpenAI batch request file: <c>{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}</c>.
/// The body is <see cref="ChatRequestBody"/>'s, written from the row's one <see cref="ChatRequest"/> as the online path
/// writes it (less streaming), so a row's fingerprint, and the cache under it, are the same whichever way it went.
/// </summary>
internal static class RequestLine
{
    public const string Url = "/v1/chat/completions";

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Writes the line, ending in a newline, to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, string customId, string model, ChatRequest request, WireOptions wire)
    {
        var body = ChatRequestBody.WriteBytes(model, request, wire, stream: false);
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("custom_id"u8, customId);
            json.WriteString("method"u8, "POST"u8);
            json.WriteString("url"u8, Url);
            json.WritePropertyName("body"u8);
            json.WriteRawValue(body.Span, skipInputValidation: true);
            json.WriteEndObject();
        }

        output.Write(NewLine);
    }
}
