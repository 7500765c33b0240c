using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace BatchAi.Simulator.Http;

/// <summary>
/// Writes <c>data: ...</c> server-sent events straight into the response pipe. The caller flushes before it waits for
/// the next token, so a paced answer reaches the client token by token, and tokens that are all due at once leave in
/// one write, as from a server that generates faster than it sends.
/// </summary>
internal sealed class SseWriter(PipeWriter pipe) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(pipe, CompletionJson.WriterOptions);

    /// <summary>Starts an event; write one JSON value to the returned writer, then call <see cref="EndEventAsync"/>.</summary>
    public Utf8JsonWriter BeginEvent()
    {
        pipe.Write("data: "u8);
        _json.Reset(pipe);
        return _json;
    }

    public void EndEvent()
    {
        _json.Flush();
        pipe.Write("\n\n"u8);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask WriteDoneAsync(CancellationToken cancellationToken)
    {
        pipe.Write("data: [DONE]\n\n"u8);
        await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _json.Dispose();
}
