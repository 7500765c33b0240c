using System.Text;
using System.Text.Json;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>An independent, strict reader and writer of LSP-style frames: "Content-Length: N\r\n\r\n" then N bytes of UTF-8 JSON.</summary>
internal static class Frames
{
    public static byte[] Encode(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>
    /// Splits a whole recorded stdout into frames and parses every body as a JSON-RPC 2.0 message.
    /// Throws, naming the offset, on anything else: a stray log line, a bad header, a truncated body, a body that is not JSON.
    /// </summary>
    public static List<JsonDocument> ParseAll(byte[] bytes)
    {
        var frames = new List<JsonDocument>();
        var position = 0;
        while (position < bytes.Length)
        {
            var headerEnd = IndexOf(bytes, "\r\n\r\n"u8, position);
            if (headerEnd < 0)
            {
                throw new FormatException($"stdout at byte {position}: no frame header; the rest is: {Preview(bytes, position)}");
            }

            var header = Encoding.ASCII.GetString(bytes, position, headerEnd - position);
            const string prefix = "Content-Length: ";
            if (!header.StartsWith(prefix, StringComparison.Ordinal) || header.Contains("\r\n", StringComparison.Ordinal)
                || !int.TryParse(header.AsSpan(prefix.Length), out var length) || length < 0)
            {
                throw new FormatException($"stdout at byte {position}: not a 'Content-Length: N' header: {Preview(bytes, position)}");
            }

            var bodyStart = headerEnd + 4;
            if (bodyStart + length > bytes.Length)
            {
                throw new FormatException($"stdout at byte {position}: body of {length} bytes is truncated ({bytes.Length - bodyStart} there)");
            }

            var document = JsonDocument.Parse(bytes.AsMemory(bodyStart, length));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("jsonrpc", out var version) || version.GetString() != "2.0")
            {
                throw new FormatException($"stdout at byte {position}: body is not a JSON-RPC 2.0 message: {Encoding.UTF8.GetString(bytes, bodyStart, length)}");
            }

            frames.Add(document);
            position = bodyStart + length;
        }

        return frames;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle, int start)
    {
        var i = haystack.AsSpan(start).IndexOf(needle);
        return i < 0 ? -1 : start + i;
    }

    private static string Preview(byte[] bytes, int start) =>
        Encoding.UTF8.GetString(bytes, start, Math.Min(200, bytes.Length - start));
}

/// <summary>
/// A byte-level client on a daemon's stdin/stdout: writes any bytes, reads one frame at a time. For tests of what a
/// well-behaved library would never send.
/// </summary>
internal sealed class RawFrameClient(Stream input, Stream output)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _nextId = 1;

    public async Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await input.WriteAsync(bytes, cancellationToken);
        await input.FlushAsync(cancellationToken);
    }

    /// <summary>Sends a request and returns the response with its id, skipping notifications.</summary>
    public async Task<JsonElement> RequestAsync(string method, object? parameters, CancellationToken cancellationToken)
    {
        var id = _nextId++;
        var json = JsonSerializer.Serialize(new { jsonrpc = "2.0", id, method, @params = parameters }, RpcClient.JsonOptions());
        await SendRawAsync(Frames.Encode(json), cancellationToken);
        return await ReadResponseAsync(r => r.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt64() == id, cancellationToken);
    }

    /// <summary>Reads frames until one that is a response (has result or error) and matches.</summary>
    public async Task<JsonElement> ReadResponseAsync(Func<JsonElement, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(cancellationToken);
            var isResponse = frame.TryGetProperty("result", out _) || frame.TryGetProperty("error", out _);
            if (isResponse && match(frame))
            {
                return frame;
            }

            if (isResponse)
            {
                throw new InvalidOperationException($"unexpected response: {frame}");
            }
        }
    }

    public async Task<JsonElement> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = await ReadHeaderAsync(cancellationToken);
        const string prefix = "Content-Length: ";
        Assert.StartsWith(prefix, header);
        var length = int.Parse(header.AsSpan(prefix.Length));
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(length - filled, _end - _start);
            Array.Copy(_buffer, _start, body, filled, take);
            _start += take;
            filled += take;
        }

        using var document = JsonDocument.Parse(body);
        Assert.Equal("2.0", document.RootElement.GetProperty("jsonrpc").GetString());
        return document.RootElement.Clone();
    }

    private async Task<string> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var i = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (i >= 0)
            {
                var header = Encoding.ASCII.GetString(_buffer, _start, i);
                _start += i + 4;
                return header;
            }

            await FillAsync(cancellationToken);
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var n = await output.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (n == 0)
        {
            throw new EndOfStreamException($"the daemon closed stdout; buffered: {Encoding.UTF8.GetString(_buffer, _start, _end - _start)}");
        }

        _end += n;
    }
}
