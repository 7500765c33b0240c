using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

/// <summary>The far end of a connection driven byte by byte, to send what a well-behaved client never would and to see exactly what went over the wire.</summary>
internal sealed class RawPeer(Stream stream)
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    public async Task SendAsync(string raw, CancellationToken ct)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(raw), ct);
        await stream.FlushAsync(ct);
    }

    public Task SendFrameAsync(string json, CancellationToken ct) =>
        SendAsync($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}", ct);

    /// <summary>The next frame's body as text, or null when the stream ended cleanly before a frame began.</summary>
    public async Task<string?> ReadFrameTextAsync(CancellationToken ct)
    {
        while (true)
        {
            ReadResult read = await _reader.ReadAsync(ct);
            string buffered = Encoding.UTF8.GetString(read.Buffer);
            int end = buffered.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                string header = buffered[..end];
                Assert.StartsWith("Content-Length: ", header, StringComparison.Ordinal);
                int length = int.Parse(header["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                _reader.AdvanceTo(read.Buffer.GetPosition(end + 4));
                ReadResult body = await _reader.ReadAtLeastAsync(length, ct);
                Assert.True(body.Buffer.Length >= length, "stream ended inside a frame body");
                string text = Encoding.UTF8.GetString(body.Buffer.Slice(0, length));
                _reader.AdvanceTo(body.Buffer.GetPosition(length));
                return text;
            }

            if (read.IsCompleted)
            {
                Assert.True(read.Buffer.IsEmpty, $"stream ended inside a frame header: {buffered}");
                return null;
            }

            _reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }

    public async Task<JsonElement> ReadFrameAsync(CancellationToken ct)
    {
        string? text = await ReadFrameTextAsync(ct);
        Assert.NotNull(text);
        return JsonDocument.Parse(text).RootElement;
    }
}
