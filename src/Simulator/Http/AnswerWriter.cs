using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Writes a planned answer as a streamed or a whole completion, optionally stopping part-way (for StreamCut).</summary>
internal static class AnswerWriter
{
    /// <param name="cut">Stop after about half the answer and return without <c>[DONE]</c>; the caller then ends the request with <see cref="StreamCutException"/>.</param>
    public static async Task WriteStreamAsync(HttpContext context, CompletionHeader header, PlannedAnswer answer, Pacer pacer, bool cut, CancellationToken cancellationToken)
    {
        await pacer.WaitForTokenAsync(0, cancellationToken).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";

        using var sse = new SseWriter(response.BodyWriter);
        CompletionJson.WriteRoleChunk(sse.BeginEvent(), header);
        sse.EndEvent();

        var token = 0;
        foreach (var piece in answer.Reasoning)
        {
            await WaitForTokenAsync(sse, pacer, token++, cancellationToken).ConfigureAwait(false);
            CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, "reasoning_content", piece);
            sse.EndEvent();
        }
        var contentToSend = cut ? Math.Max(1, answer.Content.Count / 2) : answer.Content.Count;
        foreach (var piece in answer.Content.Take(contentToSend))
        {
            await WaitForTokenAsync(sse, pacer, token++, cancellationToken).ConfigureAwait(false);
            CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, "content", piece);
            sse.EndEvent();
        }
        if (cut)
        {
            await sse.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        CompletionJson.WriteFinishChunk(sse.BeginEvent(), header, answer.FinishReason);
        sse.EndEvent();
        if (header.IncludeUsage)
        {
            CompletionJson.WriteUsageChunk(sse.BeginEvent(), header, answer.Usage);
            sse.EndEvent();
        }
        await sse.WriteDoneAsync(cancellationToken).ConfigureAwait(false);
    }

    // What was written goes out before a wait, so a paced token reaches the client when it is "generated".
    private static async ValueTask WaitForTokenAsync(SseWriter sse, Pacer pacer, int token, CancellationToken cancellationToken)
    {
        if (!pacer.IsDue(token))
        {
            await sse.FlushAsync(cancellationToken).ConfigureAwait(false);
            await pacer.WaitForTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <param name="cut">Send only the first half of the body (Content-Length says the whole); the caller then ends the request with <see cref="StreamCutException"/>.</param>
    public static async Task WriteCompletionAsync(HttpContext context, CompletionHeader header, PlannedAnswer answer, Pacer pacer, bool cut, CancellationToken cancellationToken)
    {
        // A whole completion arrives when its last token would have been generated.
        var lastToken = Math.Max(0, answer.Reasoning.Count + answer.Content.Count - 1);
        await pacer.WaitForTokenAsync(lastToken, cancellationToken).ConfigureAwait(false);

        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            CompletionJson.WriteCompletion(json, header, answer.ContentText, answer.ReasoningText, answer.FinishReason, answer.Usage);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        var toSend = cut ? body.WrittenMemory[..(body.WrittenCount / 2)] : body.WrittenMemory;
        await response.Body.WriteAsync(toSend, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
