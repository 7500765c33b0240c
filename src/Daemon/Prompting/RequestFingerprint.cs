using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// The identity of a request: a hash of what the provider would see (model, messages, sampling
/// parameters). Two rows with the same fingerprint would get the same answer, so an answer stored
/// under it can be reused instead of paid for again.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(string model, string? systemPrompt, string question, double? temperature, int? maxTokens)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            // A fixed field order and plain values: the same request always hashes the same, on any machine.
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            if (!string.IsNullOrWhiteSpace(systemPrompt))
            {
                WriteMessage(json, "system", systemPrompt);
            }

            WriteMessage(json, "user", question);
            json.WriteEndArray();
            if (temperature is { } t)
            {
                json.WriteNumber("temperature", t);
            }

            if (maxTokens is { } m)
            {
                json.WriteNumber("max_tokens", m);
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
