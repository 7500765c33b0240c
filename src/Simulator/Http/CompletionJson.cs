using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchAi.Simulator.Http;

/// <summary>Writes chat.completion and chat.completion.chunk objects with OpenAI's field order and shapes.</summary>
internal static class CompletionJson
{
    // Raw UTF-8 and minimal escaping, as OpenAI sends it (the default encoder would escape every non-ASCII character).
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteCompletion(Utf8JsonWriter json, in CompletionHeader header, string content, string? reasoning, string finishReason, in TokenUsage usage, string reasoningField = "reasoning_content") =>
        WriteCompletion(json, header, [(content, reasoning, finishReason, reasoningField)], usage);

    /// <summary>A whole completion of one or more choices (<c>n</c>), with one usage for all of them.</summary>
    public static void WriteCompletion(Utf8JsonWriter json, in CompletionHeader header, IReadOnlyList<PlannedAnswer> choices, in TokenUsage usage) =>
        WriteCompletion(json, header, [.. choices.Select(c => (c.ContentText, c.ReasoningText, c.FinishReason, c.ReasoningField))], usage);

    private static void WriteCompletion(Utf8JsonWriter json, in CompletionHeader header,
        IReadOnlyList<(string Content, string? Reasoning, string FinishReason, string ReasoningField)> choices, in TokenUsage usage)
    {
        json.WriteStartObject();
        WriteHeader(json, header, "chat.completion");
        json.WriteStartArray("choices");
        for (var index = 0; index < choices.Count; index++)
        {
            WriteChoice(json, index, choices[index]);
        }
        json.WriteEndArray();
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    private static void WriteChoice(Utf8JsonWriter json, int index, (string Content, string? Reasoning, string FinishReason, string ReasoningField) choice)
    {
        var (content, reasoning, finishReason, reasoningField) = choice;
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", content);
        if (reasoning is not null)
        {
            json.WriteString(reasoningField, reasoning);
        }
        json.WriteNull("refusal");
        json.WriteStartArray("annotations");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", finishReason);
        json.WriteEndObject();
    }

    public static void WriteRoleChunk(Utf8JsonWriter json, in CompletionHeader header, int index = 0)
    {
        StartChunk(json, header, index);
        json.WriteString("role", "assistant");
        json.WriteString("content", "");
        json.WriteNull("refusal");
        EndChunk(json, header, finishReason: null);
    }

    /// <summary>A delta carrying one piece of <c>content</c>, <c>reasoning_content</c> or <c>reasoning</c>.</summary>
    public static void WriteDeltaChunk(Utf8JsonWriter json, in CompletionHeader header, string field, string piece, int index = 0)
    {
        StartChunk(json, header, index);
        json.WriteString(field, piece);
        EndChunk(json, header, finishReason: null);
    }

    public static void WriteFinishChunk(Utf8JsonWriter json, in CompletionHeader header, string finishReason, int index = 0)
    {
        StartChunk(json, header, index);
        EndChunk(json, header, finishReason);
    }

    public static void WriteUsageChunk(Utf8JsonWriter json, in CompletionHeader header, in TokenUsage usage)
    {
        json.WriteStartObject();
        WriteHeader(json, header, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteEndArray();
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    // One choice per chunk, by its index, as OpenAI streams the choices of a request with n.
    private static void StartChunk(Utf8JsonWriter json, in CompletionHeader header, int index)
    {
        json.WriteStartObject();
        WriteHeader(json, header, "chat.completion.chunk");
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteStartObject("delta");
    }

    private static void EndChunk(Utf8JsonWriter json, in CompletionHeader header, string? finishReason)
    {
        json.WriteEndObject();
        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }
        json.WriteEndObject();
        json.WriteEndArray();
        if (header.IncludeUsage)
        {
            // With include_usage OpenAI sends "usage": null on every chunk but the last.
            json.WriteNull("usage");
        }
        json.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter json, in CompletionHeader header, string objectType)
    {
        json.WriteString("id", header.Id);
        json.WriteString("object", objectType);
        json.WriteNumber("created", header.Created);
        json.WriteString("model", header.Model);
        json.WriteString("service_tier", "default");
        json.WriteString("system_fingerprint", "fp_simulator");
    }

    private static void WriteUsage(Utf8JsonWriter json, in TokenUsage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.PromptTokens);
        json.WriteNumber("completion_tokens", usage.CompletionTokens);
        json.WriteNumber("total_tokens", usage.PromptTokens + usage.CompletionTokens);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", 0);
        json.WriteNumber("audio_tokens", 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details");
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        json.WriteNumber("audio_tokens", 0);
        json.WriteNumber("accepted_prediction_tokens", 0);
        json.WriteNumber("rejected_prediction_tokens", 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
