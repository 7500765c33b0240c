using System.Buffers;
using System.Text.Json;
using BatchAi.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Batches;

/// <summary>A 200 JSON response written whole, with its length, as OpenAI answers its non-streaming endpoints.</summary>
internal static class JsonResponse
{
    public static Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            write(json);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        return context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    public static Task BadRequestAsync(HttpContext context, string message, string? param = null, string? code = null) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, message, "invalid_request_error", code, param);

    public static Task NotFoundAsync(HttpContext context, string message, string param) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, message, "invalid_request_error", null, param);

    /// <summary>OpenAI's list envelope: <c>{"object":"list","data":[…],"first_id","last_id","has_more"}</c>.</summary>
    public static void WriteList<T>(Utf8JsonWriter json, IReadOnlyList<T> page, bool hasMore, Func<T, string> id, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var item in page)
        {
            write(json, item);
        }
        json.WriteEndArray();
        WriteStringOrNull(json, "first_id", page.Count > 0 ? id(page[0]) : null);
        WriteStringOrNull(json, "last_id", page.Count > 0 ? id(page[^1]) : null);
        json.WriteBoolean("has_more", hasMore);
        json.WriteEndObject();
    }

    public static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
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

    public static void WriteNumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } n)
        {
            json.WriteNumber(name, n);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>The page after the item <paramref name="after"/> (none: from the start), and whether more follow.</summary>
    public static (List<T> Page, bool HasMore) Page<T>(List<T> items, string? after, int limit, Func<T, string> id)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var index = items.FindIndex(item => id(item) == after);
            start = index < 0 ? items.Count : index + 1;
        }
        var page = items.Skip(start).Take(limit).ToList();
        return (page, start + page.Count < items.Count);
    }
}
