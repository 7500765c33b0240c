using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using Nerdbank.Streams;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// LSP-style "Content-Length: N\r\n\r\n" + N bytes of UTF-8 JSON, like StreamJsonRpc's HeaderDelimitedMessageHandler,
/// except that a bad frame is answered with a JSON-RPC error and reading goes on, instead of the whole connection being torn down.
/// Only an over-limit frame or an unterminated header closes the connection (this one only).
/// Error replies go through <see cref="MessageHandlerBase.WriteAsync"/>, so they are serialized with StreamJsonRpc's own writes by the base class's semaphore.
/// </summary>
internal sealed partial class FramedMessageHandler : MessageHandlerBase
{
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly FramedMessageHandlerOptions _options;
    private bool _writingResult;
    private readonly Sequence<byte> _outgoing = new(ArrayPool<byte>.Shared);
    private bool _resynchronising;

    public FramedMessageHandler(Stream input, Stream output, IJsonRpcMessageFormatter formatter, FramedMessageHandlerOptions? options = null)
        : base(formatter)
    {
        _options = options ?? new FramedMessageHandlerOptions();
        _reader = PipeReader.Create(input);
        _writer = PipeWriter.Create(output);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_resynchronising && !await SkipToNextHeaderAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            string? block = await ReadHeaderBlockAsync(cancellationToken).ConfigureAwait(false);
            if (block is null)
            {
                return null;
            }

            FrameHeader header = FrameHeader.Parse(block);
            if (header.ContentLength < 0 && FrameHeader.TryParseAfterGarbage(block, out FrameHeader recovered, out int garbage))
            {
                // Without this the real header inside the block would be discarded with the garbage and its request never answered.
                await RejectAsync(FrameRejection.ParseError($"skipped {garbage} bytes that are not a frame header (the rest of a body longer than its Content-Length?)"), cancellationToken).ConfigureAwait(false);
                header = recovered;
            }

            if (header.ContentLength > _options.MaxFrameBytes)
            {
                await RejectAsync(FrameRejection.InvalidRequest($"frame of {header.ContentLength} bytes exceeds the limit of {_options.MaxFrameBytes} bytes; closing the connection", RequestId.Null), cancellationToken).ConfigureAwait(false);
                throw new BadRpcHeaderException($"Frame of {header.ContentLength} bytes exceeds the limit of {_options.MaxFrameBytes} bytes.");
            }

            if (header.Error is not null)
            {
                await RejectAsync(FrameRejection.ParseError(header.Error), cancellationToken).ConfigureAwait(false);
                if (header.ContentLength < 0)
                {
                    _resynchronising = true;
                }
                else if (!await SkipBytesAsync(header.ContentLength, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                continue;
            }

            byte[]? body = await ReadBodyAsync((int)header.ContentLength, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            JsonRpcMessage? message = await DeserializeOrRejectAsync(body, cancellationToken).ConfigureAwait(false);
            if (message is not null)
            {
                return message;
            }
        }
    }

    protected override ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        // The base class writes and then flushes each message under its semaphore, so this holds until the flush below.
        _writingResult = content is JsonRpcResult;
        try
        {
            Formatter.Serialize(_outgoing, content);
            ReadOnlySequence<byte> body = _outgoing.AsReadOnlySequence;
            (Formatter as IJsonRpcFormatterTracingCallbacks)?.OnSerializationComplete(content, body);

            Span<byte> header = _writer.GetSpan(64);
            int written = CopyTo("Content-Length: "u8, header);
            Utf8Formatter.TryFormat(body.Length, header[written..], out int digits);
            written += digits;
            written += CopyTo("\r\n\r\n"u8, header[written..]);
            _writer.Advance(written);
            foreach (ReadOnlyMemory<byte> segment in body)
            {
                _writer.Write(segment.Span);
            }
        }
        finally
        {
            _outgoing.Reset();
        }

        return default;
    }

    protected override async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_writingResult)
        {
            _options.ResultFlushed?.Invoke();
        }
    }

    protected override void DisposeReader()
    {
        // Completing a PipeReader created over a stream disposes that stream, which is what ends the peer's side.
        _reader.Complete();
        base.DisposeReader();
    }

    protected override void DisposeWriter()
    {
        _writer.Complete();
        base.DisposeWriter();
    }

    private static int CopyTo(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private async ValueTask<JsonRpcMessage?> DeserializeOrRejectAsync(byte[] body, CancellationToken cancellationToken)
    {
        JsonRpcMessage message;
        try
        {
            message = Formatter.Deserialize(new ReadOnlySequence<byte>(body));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RejectAsync(FrameRejection.Classify(body, ex), cancellationToken).ConfigureAwait(false);
            return null;
        }

        // The formatter accepts a message without "jsonrpc" as JSON-RPC 1.0; this daemon speaks 2.0 only.
        if (message.Version != "2.0")
        {
            RequestId id = message is IJsonRpcMessageWithId withId && !withId.RequestId.IsEmpty ? withId.RequestId : RequestId.Null;
            await RejectAsync(FrameRejection.InvalidRequest("\"jsonrpc\" must be \"2.0\"", id), cancellationToken).ConfigureAwait(false);
            return null;
        }

        return message;
    }

    private async ValueTask RejectAsync(FrameRejection rejection, CancellationToken cancellationToken)
    {
        _options.Log?.Invoke($"Rejected frame ({(int)rejection.Code}): {rejection.Message}");
        var error = new JsonRpcError
        {
            RequestId = rejection.Id,
            Error = new JsonRpcError.ErrorDetail { Code = rejection.Code, Message = rejection.Message },
        };
        try
        {
            await WriteAsync(error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer may have stopped reading; keep reading what it still sends rather than fail the read path.
            _options.Log?.Invoke($"Could not send the error reply: {ex.Message}");
        }
    }
}
