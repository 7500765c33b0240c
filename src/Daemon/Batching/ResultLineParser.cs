using System.Text.Json;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// Reads a line of OpenAI's batch output or error file (vLLM's <c>run_batch</c> writes the same):
/// <c>{"custom_id", "response": {"status_code", "body"}, "error"}</c>. A 200 with a chat completion is an answer; a 429,
/// a 408, a 5xx and the expired or cancelled lines (<c>error.code</c> <c>batch_expired</c>, <c>batch_cancelled</c>) are passing;
/// any other refusal is for good.
/// </summary>
internal static class ResultLineParser
{
    public static ResultLine Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return new ResultLine(null, ResultKind.Malformed, Error: $"not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ResultLine(null, ResultKind.Malformed, Error: "not a JSON object");
            }

            var customId = root.TryGetProperty("custom_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            if (customId is null)
            {
                return new ResultLine(null, ResultKind.Malformed, Error: "no custom_id");
            }

            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object)
            {
                return FromResponse(customId, response);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = Text(error, "code");
                // Lines the batch never ran (expired, cancelled) and the provider's own failures go out again.
                return new ResultLine(customId, ResultKind.Retry, Error: Message(error, code ?? "error"));
            }

            return new ResultLine(customId, ResultKind.Malformed, Error: "neither a response nor an error");
        }
    }

    private static ResultLine FromResponse(string customId, JsonElement response)
    {
        var status = response.TryGetProperty("status_code", out var s) && s.TryGetInt32(out var code) ? code : 200;
        var body = response.TryGetProperty("body", out var b) ? b : default;
        if (status != 200)
        {
            var refusal = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
                ? Message(e, $"HTTP {status}")
                : "no message";
            var passing = status is 408 or 409 or 429 or >= 500;
            return new ResultLine(customId, passing ? ResultKind.Retry : ResultKind.Refused, Error: $"HTTP {status}: {refusal}");
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("choices", out var choices)
            || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return new ResultLine(customId, ResultKind.Malformed, Error: "a 200 response without choices");
        }

        var choice = choices[0];
        var message = choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        int? prompt = null, completion = null;
        if (body.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            prompt = usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt32(out var pi) ? pi : null;
            completion = usage.TryGetProperty("completion_tokens", out var c) && c.TryGetInt32(out var ci) ? ci : null;
        }

        return new ResultLine(
            customId,
            ResultKind.Answered,
            Answer: message.ValueKind == JsonValueKind.Object ? Text(message, "content") ?? "" : "",
            Reasoning: message.ValueKind == JsonValueKind.Object ? Text(message, "reasoning_content") ?? Text(message, "reasoning") : null,
            PromptTokens: prompt,
            CompletionTokens: completion,
            FinishReason: Text(choice, "finish_reason"),
            Model: Text(body, "model"));
    }

    private static string Message(JsonElement error, string fallback)
    {
        var text = Text(error, "message") ?? fallback;
        return Secrets.Redact(Text(error, "code") is { } code && !text.Contains(code, StringComparison.Ordinal) ? $"{code}: {text}" : text, key: null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
