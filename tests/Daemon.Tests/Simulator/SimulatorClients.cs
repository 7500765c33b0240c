using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchAi.Simulator;
using OpenAI;
using OpenAI.Chat;

namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>Clients for driving a simulator: the real OpenAI SDK, and raw HTTP for byte-level checks.</summary>
internal static class SimulatorClients
{
    public static ChatClient Sdk(SimulatorServer server, string model = "sim-small", string apiKey = "k") =>
        new(model, new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = server.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(0),
        });

    /// <summary>Streams one question through the SDK and returns the concatenated content and the updates.</summary>
    public static async Task<(string Text, List<StreamingChatCompletionUpdate> Updates)> StreamAsync(
        ChatClient client, string question, CancellationToken cancellationToken, ChatCompletionOptions? options = null)
    {
        var text = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(question)], options, cancellationToken))
        {
            updates.Add(update);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }
        return (text.ToString(), updates);
    }

    public static HttpClient Raw(SimulatorServer server) =>
        new() { BaseAddress = new Uri(server.BaseUrl.GetLeftPart(UriPartial.Authority)) };

    public static JsonObject ChatBody(string question, bool stream, string model = "sim-small", int? maxTokens = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "You are terse." },
                new JsonObject { ["role"] = "user", ["content"] = question }),
        };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }
        if (maxTokens is { } limit)
        {
            body["max_tokens"] = limit;
        }
        return body;
    }

    /// <summary>A response header's value (several joined by commas), or null when absent.</summary>
    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The <c>error</c> object of an error response's body.</summary>
    public static async Task<JsonElement> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("error").Clone();

    public static Task<HttpResponseMessage> PostChatAsync(HttpClient http, JsonObject body, CancellationToken cancellationToken) =>
        http.PostAsJsonAsync("/v1/chat/completions", body, cancellationToken);

    /// <summary>Splits an SSE body into its <c>data:</c> payloads, checking the framing on the way.</summary>
    public static List<string> SseData(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var events = body[..^2].Split("\n\n");
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        return events.Select(e => e["data: ".Length..]).ToList();
    }

    /// <summary>Concatenates one delta field (content or reasoning_content) across chunks.</summary>
    public static string DeltaText(IEnumerable<JsonElement> chunks, string field) =>
        string.Concat(chunks
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String)
            .Select(d => d.GetProperty(field).GetString()));
}
