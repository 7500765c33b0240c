using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>Writes a planned answer as a streamed or a whole completion, whole or stopping part-way (see <see cref="AnswerEnding"/>).</summary>
internal sealed class AnswerWriter(SimulatorOptions options, SimulatorStats stats)
{
    /// <param name="choices">The answers, one per choice (<c>n</c>): each streamed with its index, a round of one piece each per token.</param>
    /// <param name="ending">Cut: stop after about half the answer and return without <c>[DONE]</c> (the caller then ends the request
    /// with <see cref="StreamCutException"/>). Drip: send <see cref="SimulatorOptions.DripChunks"/> chunks, then wait for cancellation.</param>
    public async Task WriteStreamAsync(HttpContext context, CompletionHeader header, IReadOnlyList<PlannedAnswer> choices, Pacer pacer, AnswerEnding ending, CancellationToken cancellationToken)
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
        for (var index = 0; index < choices.Count; index++)
        {
            CompletionJson.WriteRoleChunk(sse.BeginEvent(), header, index);
            sse.EndEvent();
        }

        // The choices are generated side by side: token t of each leaves in the same round.
        var token = 0;
        for (var t = 0; t < choices.Max(c => c.Reasoning.Count); t++, token++)
        {
            await WaitForTokenAsync(sse, pacer, token, cancellationToken).ConfigureAwait(false);
            for (var index = 0; index < choices.Count; index++)
            {
                if (t < choices[index].Reasoning.Count)
                {
                    CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, choices[index].ReasoningField, choices[index].Reasoning[t], index);
                    sse.EndEvent();
                }
            }
        }
        var contentToSend = choices.Select(c => ending switch
        {
            AnswerEnding.Cut => Math.Max(1, c.Content.Count / 2),
            AnswerEnding.Drip => Math.Clamp(options.DripChunks, 0, c.Content.Count),
            _ => c.Content.Count,
        }).ToArray();
        for (var t = 0; t < contentToSend.Max(); t++, token++)
        {
            await WaitForTokenAsync(sse, pacer, token, cancellationToken).ConfigureAwait(false);
            for (var index = 0; index < choices.Count; index++)
            {
                if (t < contentToSend[index])
                {
                    CompletionJson.WriteDeltaChunk(sse.BeginEvent(), header, "content", choices[index].Content[t], index);
                    sse.EndEvent();
                }
            }
        }
        if (ending != AnswerEnding.Whole)
        {
            await sse.FlushAsync(cancellationToken).ConfigureAwait(false);
            await StallIfDrippingAsync(ending, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var index = 0; index < choices.Count; index++)
        {
            CompletionJson.WriteFinishChunk(sse.BeginEvent(), header, choices[index].FinishReason, index);
            sse.EndEvent();
        }
        if (header.IncludeUsage)
        {
            // One usage for the request: the prompt once, every choice's completion.
            CompletionJson.WriteUsageChunk(sse.BeginEvent(), header, PlannedAnswer.UsageOf(choices));
            sse.EndEvent();
        }
        await sse.WriteDoneAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <param name="ending">Cut or Drip: send only the first half of the body; Cut returns (the caller then ends the request with
    /// <see cref="StreamCutException"/>), Drip waits for cancellation with the connection open.</param>
    public async Task WriteCompletionAsync(HttpContext context, CompletionHeader header, IReadOnlyList<PlannedAnswer> choices, Pacer pacer, AnswerEnding ending, CancellationToken cancellationToken)
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
        var lastToken = Math.Max(0, choices.Max(c => c.Reasoning.Count + c.Content.Count) - 1);
        await pacer.WaitForTokenAsync(lastToken, cancellationToken).ConfigureAwait(false);

        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            CompletionJson.WriteCompletion(json, header, choices, PlannedAnswer.UsageOf(choices));
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
