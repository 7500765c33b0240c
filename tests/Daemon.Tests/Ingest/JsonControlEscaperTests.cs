using System.Buffers;
using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class JsonControlEscaperTests
{
    [Theory]
    [InlineData("{\"q\":\"a\u0000b\"}", "{\"q\":\"a\\u0000b\"}")]
    [InlineData("[\"tab\there\", \"esc\u001B\"]", "[\"tab\\u0009here\", \"esc\\u001B\"]")]
    [InlineData("{\"q\\\"\u0001\":\"\\\\\u0002\"}", "{\"q\\\"\\u0001\":\"\\\\\\u0002\"}")]
    [InlineData("{\"q\":\r\n\t\"a\"}", "{\"q\":\r\n\t\"a\"}")]
    [InlineData("[\u0000\"a\"]", "[\u0000\"a\"]")]
    [InlineData("{\"q\":\"already \\u0000 escaped\"}", "{\"q\":\"already \\u0000 escaped\"}")]
    public void Write_JsonText_ControlsInStringsEscapedTheRestAsIs(string json, string expected)
    {
        var output = new ArrayBufferWriter<byte>();

        new JsonControlEscaper().Write(Encoding.UTF8.GetBytes(json), output);

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public async Task Stream_ReadOneByteAtATime_SameAsAtOnceAndParses()
    {
        var json = "[{\"q\":\"a\u0000\\\"b\u0001\"}, \"中文\u0007\\\\\", \"x\u001F\"]";
        var expected = new ArrayBufferWriter<byte>();
        new JsonControlEscaper().Write(Encoding.UTF8.GetBytes(json), expected);

        await using var stream = new JsonControlEscapingStream(new TrickleStream(Encoding.UTF8.GetBytes(json)));
        var read = new MemoryStream();
        var buffer = new byte[1];
        int n;
        while ((n = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            read.Write(buffer, 0, n);
        }

        Assert.Equal(expected.WrittenSpan.ToArray(), read.ToArray());
        var items = JsonSerializer.Deserialize<JsonElement[]>(read.ToArray())!;
        Assert.Equal("a\u0000\"b\u0001", items[0].GetProperty("q").GetString());
        Assert.Equal(["中文\u0007\\", "x\u001F"], items[1..].Select(i => i.GetString()));
    }

    // Hands out one byte per read, so every boundary (inside an escape, a multi-byte character) is crossed.
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
