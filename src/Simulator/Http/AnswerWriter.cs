using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Writes a planned answer as a streamed or a whole completion, whole or stopping part-way (see <see cref="AnswerEnding"/>).</summary>
internal sealed class AnswerWriter(SimulatorOptions options, SimulatorStats stats)
{
    /// <param name="ending">Cut: stop after about half the answer and return without <c>[DONE]</c> (the caller then ends the request
    /// with <see cref="StreamCutException"/>). Drip: send <see cref="SimulatorOptions.DripChunks"/> chunks, then wait for cancellation.</param>
    public async Task WriteStreamAsync(HttpContext context, CompletionHeader header, PlannedAnswer answer, Pacer pacer, AnswerEnding ending, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        if (options.KeepAliveInterval is { } interval && interval > TimeSpan.Zero)
        {
            await KeepAlive.FillWaitAsync(response, pacer, interval, stream: true, stats, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        await pacer.WaitForTokenAsync(0, cancellationToken).ConfigureAwait(false);

        using var sse = new SseWriter(response.BodyWriter);
        CompletionJson.WriteRoleChunk(sse.BeginEvent(), header);
        sse.EndEvent();

        var token = 0;
        foreach (var piece in answer.Reasoning)
        {
            await WaitForTokenAsync(sse, pacer, token++, cancellationToken).ConfigureAwait(false);
            CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, answer.ReasoningField, piece);
            sse.EndEvent();
        }
        var contentToSend = ending switch
        {
            AnswerEnding.Cut => Math.Max(1, answer.Content.Count / 2),
            AnswerEnding.Drip => Math.Clamp(options.DripChunks, 0, answer.Content.Count),
            _ => answer.Content.Count,
        };
        foreach (var piece in answer.Content.Take(contentToSend))
        {
            await WaitForTokenAsync(sse, pacer, token++, cancellationToken).ConfigureAwait(false);
            CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, "content", piece);
            sse.EndEvent();
        }
        if (ending != AnswerEnding.Whole)
        {
            await sse.FlushAsync(cancellationToken).ConfigureAwait(false);
            await StallIfDrippingAsync(ending, cancellationToken).ConfigureAwait(false);
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

    /// <param name="ending">Cut or Drip: send only the first half of the body; Cut returns (the caller then ends the request with
    /// <see cref="StreamCutException"/>), Drip waits for cancellation with the connection open.</param>
    public async Task WriteCompletionAsync(HttpContext context, CompletionHeader header, PlannedAnswer answer, Pacer pacer, AnswerEnding ending, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var keepAlive = options.KeepAliveInterval is { } interval && interval > TimeSpan.Zero;
        if (keepAlive)
        {
            // The body's length is not known when the first empty line leaves: the response is chunked.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            await KeepAlive.FillWaitAsync(response, pacer, options.KeepAliveInterval!.Value, stream: false, stats, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        // A whole completion arrives when its last token would have been generated.
        var lastToken = Math.Max(0, answer.Reasoning.Count + answer.Content.Count - 1);
        await pacer.WaitForTokenAsync(lastToken, cancellationToken).ConfigureAwait(false);

        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            CompletionJson.WriteCompletion(json, header, answer.ContentText, answer.ReasoningText, answer.FinishReason, answer.Usage, answer.ReasoningField);
        }
        if (!keepAlive)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = body.WrittenCount;
        }
        var toSend = ending == AnswerEnding.Whole ? body.WrittenMemory : body.WrittenMemory[..(body.WrittenCount / 2)];
        await response.Body.WriteAsync(toSend, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        await StallIfDrippingAsync(ending, cancellationToken).ConfigureAwait(false);
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

    // Ends only by cancellation: the client hangs up or the server stops.
    private static Task StallIfDrippingAsync(AnswerEnding ending, CancellationToken cancellationToken) =>
        ending == AnswerEnding.Drip ? Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken) : Task.CompletedTask;
}
