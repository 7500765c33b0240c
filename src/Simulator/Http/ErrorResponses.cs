using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Error responses shaped like OpenAI's: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int status, string message, string type, string? code, string? param = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, CompletionJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("message", message);
            json.WriteString("type", type);
            WriteStringOrNull(json, "param", param);
            WriteStringOrNull(json, "code", code);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    public static Task UnauthorizedAsync(HttpContext context, string? key) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized,
            $"Incorrect API key provided: {Redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_request_error", "invalid_api_key");

    public static Task RateLimitedAsync(HttpContext context, string model) =>
        WriteAsync(context, StatusCodes.Status429TooManyRequests,
            $"Rate limit reached for {model} (simulated). Please try again later.",
            "requests", "rate_limit_exceeded");

    public static Task ServerErrorAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status500InternalServerError,
            "The server had an error while processing your request. Sorry about that! (simulated)",
            "server_error", "server_error");

    public static Task UnavailableAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
            "The engine is currently overloaded, please try again later. (simulated)",
            "server_error", "service_unavailable");

    public static Task BadRequestAsync(HttpContext context, string model) =>
        WriteAsync(context, StatusCodes.Status400BadRequest,
            $"This model's maximum context length is 8192 tokens ({model}, simulated). Please reduce the length of the messages.",
            "invalid_request_error", "context_length_exceeded", "messages");

    /// <summary>What a misconfigured proxy in front of a provider sends: 200, and a page that is not the API's format.</summary>
    public static Task GarbageAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        return context.Response.WriteAsync("data: <html><body>502 Bad Gateway</body></html>\n\n", context.RequestAborted);
    }

    public static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound,
            $"Invalid URL ({context.Request.Method} {context.Request.Path})",
            "invalid_request_error", null);

    // Like OpenAI, never echo a whole key back.
    private static string Redact(string? key) =>
        string.IsNullOrEmpty(key) ? "(none)" : key.Length <= 8 ? new string('*', key.Length) : $"{key[..3]}***{key[^4..]}";

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
