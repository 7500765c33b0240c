using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// The identity of a request: a hash of what the provider would see (model, messages, sampling
/// parameters). Two rows with the same fingerprint would get the same answer, so an answer stored
/// under it can be reused instead of paid for again. It hashes the dialect-neutral <see cref="ChatRequest"/>,
/// so an answer is reused whichever dialect asked for it.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(string model, string? systemPrompt, string question, double? temperature, int? maxTokens) =>
        Compute(model, new ChatRequest(question, systemPrompt, temperature, maxTokens));

    public static string Compute(string model, ChatRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            // A fixed field order and plain values: the same request always hashes the same, on any machine. These bytes are
            // existing ledgers' cache keys: a new field is written only when set, so today's requests keep their hash.
            json.WriteStartObject();
            json.WriteString("model", model);
            // A plain message writes the string it always did; only a message of parts writes an array.
            ChatContentWriter.WriteMessages(json, request.Messages);
            if (request.Temperature is { } t)
            {
                json.WriteNumber("temperature", t);
            }

            if (request.MaxTokens is { } m)
            {
                json.WriteNumber("max_tokens", m);
            }

            if (request.ResponseFormat is { } format)
            {
                // The schema as the user gave it (compacted once when the job starts), so reordering its keys is another
                // request: cheaper than canonical JSON, and a schema is rarely edited without meaning a new answer.
                json.WriteStartObject("response_format");
                json.WriteString("name", format.Name);
                json.WritePropertyName("schema");
                json.WriteRawValue(format.Schema);
                json.WriteBoolean("strict", format.Strict);
                json.WriteEndObject();
            }

            if (request.Sample > 0)
            {
                // Sample 0 is the plain request (and shares its cached answer); each later sample is a request of its own.
                json.WriteNumber("sample", request.Sample);
            }

            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
