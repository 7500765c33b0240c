using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>The errors that tell a client what kind of trouble it is in, each shaped as the provider that sends it shapes it.</summary>
internal static class ProviderErrors
{
    /// <summary>OpenAI's answer once the quota is spent: a 429 that waiting a second does not cure.</summary>
    public static Task QuotaExceededAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests,
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota", "insufficient_quota");

    /// <summary>Volcengine Ark refusing one request for lack of capacity (its <c>ServerOverloaded</c> code); others go through.</summary>
    public static Task ArkOverloadedAsync(HttpContext context) =>
        ArkAsync(context, "ServerOverloaded",
            "The service is currently unable to handle additional requests due to server overload. Please retry later.");

    /// <summary>Volcengine Ark's 429 for a spent endpoint limit, requests or tokens per minute.</summary>
    public static Task ArkLimitAsync(HttpContext context, bool tokens) => tokens
        ? ArkAsync(context, "RateLimitExceeded.EndpointTPMExceeded",
            "The request has exceeded the tokens per minute (TPM) rate limit of the endpoint. Please retry later.")
        : ArkAsync(context, "RateLimitExceeded.EndpointRPMExceeded",
            "The request has exceeded the requests per minute (RPM) rate limit of the endpoint. Please retry later.");

    /// <summary>Older vLLM and validating gateways: a parameter they do not know is refused by name.</summary>
    public static Task UnknownParameterAsync(HttpContext context, string parameter) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
            $"Unrecognized request argument supplied: {parameter}",
            "invalid_request_error", "unknown_parameter", parameter);

    /// <summary>OpenAI's o-series models refuse the old name of the token cap.</summary>
    public static Task MaxTokensUnsupportedAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
            "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            "invalid_request_error", "unsupported_parameter", "max_tokens");

    /// <summary>DeepSeek's refusal of a <c>json_schema</c> response format (it takes <c>json_object</c>).</summary>
    public static Task ResponseFormatUnavailableAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
            "This response_format type is unavailable now: json_schema is not supported, use json_object.",
            "invalid_request_error", "invalid_request_error", "response_format");

    /// <summary>Groq's refusal of several choices from one request (it takes only <c>n</c> = 1).</summary>
    public static Task ChoicesUnsupportedAsync(HttpContext context) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
            "'n' : number must be at most 1 (unsupported: this endpoint answers one choice per request)",
            "invalid_request_error", "invalid_request_error", "n");

    /// <summary>Every request during an outage: 500 (OpenAI's server_error), 503 (overloaded) or another 5xx.</summary>
    public static Task OutageAsync(HttpContext context, int status) => status switch
    {
        StatusCodes.Status500InternalServerError => ErrorResponses.ServerErrorAsync(context),
        StatusCodes.Status503ServiceUnavailable => ErrorResponses.UnavailableAsync(context),
        _ => ErrorResponses.WriteAsync(context, status, "The upstream server is not available. (simulated outage)", "server_error", null),
    };

    // Ark's shape: code first, param an empty string, type the status's name; its messages end with the request's id.
    private static Task ArkAsync(HttpContext context, string code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, CompletionJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", $"{message} Request ID: {context.Response.Headers["x-request-id"]}");
            json.WriteString("param", "");
            json.WriteString("type", "TooManyRequests");
            json.WriteEndObject();
            json.WriteEndObject();
        }
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }
}
