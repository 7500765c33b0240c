using System.Text.Json;
using BatchAi.Daemon.Rpc.Transport;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

public sealed class FramedMessageHandlerTests
{
    private const string ValidAdd = """{"jsonrpc":"2.0","id":2,"method":"add","params":{"left":1,"right":2}}""";

    [Fact]
    public async Task ReadAsync_MalformedBody_RepliesParseErrorAndServesNextRequest()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer();
        using (server)
        {
            await client.SendAsync("Content-Length: 5\r\n\r\n{abc}", cts.Token);
            await client.SendFrameAsync(ValidAdd, cts.Token);

            JsonElement error = await client.ReadFrameAsync(cts.Token);
            AssertError(error, -32700, expectedId: null);
            string message = error.GetProperty("error").GetProperty("message").GetString()!;
            Assert.StartsWith("Parse error: ", message, StringComparison.Ordinal);
            Assert.Contains("BytePositionInLine: 1", message, StringComparison.Ordinal);
            AssertResult(await client.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":7,"foo":1}""", 7)]
    [InlineData("""{"jsonrpc":"2.0","id":"s7","method":42}""", "s7")]
    [InlineData("""{"id":8,"method":"add","params":{"left":1,"right":2}}""", 8)]
    [InlineData("""[{"jsonrpc":"2.0","id":9,"method":"add"}]""", null)]
    [InlineData("42", null)]
    public async Task ReadAsync_JsonThatIsNotJsonRpc_RepliesInvalidRequestWithIdAndServesNextRequest(string body, object? expectedId)
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer();
        using (server)
        {
            await client.SendFrameAsync(body, cts.Token);
            await client.SendFrameAsync(ValidAdd, cts.Token);

            AssertError(await client.ReadFrameAsync(cts.Token), -32600, expectedId);
            AssertResult(await client.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Theory]
    [InlineData("Content-Lenght: 5\r\n\r\n{abc}")]
    [InlineData("Content-Length: five\r\n\r\n{abc}")]
    [InlineData("garbage without colon\r\n\r\n")]
    public async Task ReadAsync_HeaderWithoutValidContentLength_RepliesParseErrorAndResynchronises(string badFrame)
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer();
        using (server)
        {
            await client.SendAsync(badFrame, cts.Token);
            await client.SendFrameAsync(ValidAdd, cts.Token);

            AssertError(await client.ReadFrameAsync(cts.Token), -32700, expectedId: null);
            AssertResult(await client.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Fact]
    public async Task ReadAsync_BodyLongerThanItsContentLength_ParseErrorsThenTheNextFrameIsServed()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer();
        using (server)
        {
            // 10 bytes of the body are the frame; the rest runs into the next frame's header, with no blank line between.
            await client.SendAsync("Content-Length: 10\r\n\r\n" + ValidAdd, cts.Token);
            await client.SendFrameAsync(ValidAdd, cts.Token);

            AssertError(await client.ReadFrameAsync(cts.Token), -32700, expectedId: null);
            JsonElement garbage = await client.ReadFrameAsync(cts.Token);
            AssertError(garbage, -32700, expectedId: null);
            Assert.Contains($"skipped {ValidAdd.Length - 10} bytes", garbage.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
            AssertResult(await client.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Fact]
    public async Task ReadAsync_UnsupportedCharset_RepliesParseErrorAndSkipsExactlyThatBody()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer();
        using (server)
        {
            // The skipped body contains a header-like text, so skipping by the known length (not by resynchronising) is what keeps the next frame intact.
            await client.SendAsync("Content-Length: 20\r\nContent-Type: application/vscode-jsonrpc; charset=utf-16\r\n\r\nContent-Length: 9999", cts.Token);
            await client.SendFrameAsync(ValidAdd, cts.Token);

            AssertError(await client.ReadFrameAsync(cts.Token), -32700, expectedId: null);
            AssertResult(await client.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Fact]
    public async Task ReadAsync_OverLimitContentLength_RepliesErrorAndClosesOnlyThatConnection()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc victim, RawPeer victimClient) = StartServer();
        (JsonRpc bystander, RawPeer bystanderClient) = StartServer();
        using (victim)
        using (bystander)
        {
            // Only the header is sent: the handler must reject on the declared length without waiting for 64 MiB.
            await victimClient.SendAsync($"Content-Length: {FramedMessageHandlerOptions.DefaultMaxFrameBytes + 1}\r\n\r\n{{", cts.Token);

            AssertError(await victimClient.ReadFrameAsync(cts.Token), -32600, expectedId: null);
            Assert.Null(await victimClient.ReadFrameTextAsync(cts.Token));
            await victim.Completion.WaitAsync(cts.Token).ContinueWith(_ => { }, TaskScheduler.Default);

            await bystanderClient.SendFrameAsync(ValidAdd, cts.Token);
            AssertResult(await bystanderClient.ReadFrameAsync(cts.Token), id: 2, result: 3);
        }
    }

    [Fact]
    public async Task ReadAsync_HeaderNeverTerminated_RepliesParseErrorAndCloses()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (JsonRpc server, RawPeer client) = StartServer(new FramedMessageHandlerOptions { MaxHeaderBytes = 64 });
        using (server)
        {
            // A client writing bare JSON lines, as someone might by hand.
            await client.SendAsync(ValidAdd + "\n" + ValidAdd + "\n", cts.Token);

            AssertError(await client.ReadFrameAsync(cts.Token), -32700, expectedId: null);
            Assert.Null(await client.ReadFrameTextAsync(cts.Token));
        }
    }

    [Fact]
    public async Task ReadAsync_PeerResetsInsideABody_InputEndsQuietlyAndSaysSo()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        var log = new List<string>();
        // Half a frame, then the read fails as a socket reset by its peer does.
        var input = new ResettingStream("Content-Length: 100\r\n\r\n{\"jsonrpc\""u8.ToArray());
        using JsonRpc server = RpcConnectionFactory.Create(input, Stream.Null, new TestTarget(), new FramedMessageHandlerOptions { Log = log.Add });
        server.StartListening();

        await server.Completion.WaitAsync(cts.Token);

        Assert.Contains(log, l => l.StartsWith("Input ended inside a frame body (the peer reset the connection", StringComparison.Ordinal));
    }

    private sealed class ResettingStream(byte[] before) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == before.Length)
            {
                throw new IOException("Connection reset by peer");
            }

            var n = Math.Min(buffer.Length, before.Length - _position);
            before.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return ValueTask.FromResult(n);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static (JsonRpc Server, RawPeer Client) StartServer(FramedMessageHandlerOptions? options = null)
    {
        (Stream serverStream, Stream clientStream) = FullDuplexStream.CreatePair();
        JsonRpc server = RpcConnectionFactory.Create(serverStream, new TestTarget(), options);
        server.StartListening();
        return (server, new RawPeer(clientStream));
    }

    internal static void AssertError(JsonElement frame, int code, object? expectedId)
    {
        Assert.Equal("2.0", frame.GetProperty("jsonrpc").GetString());
        Assert.Equal(code, frame.GetProperty("error").GetProperty("code").GetInt32());
        JsonElement id = frame.GetProperty("id");
        switch (expectedId)
        {
            case null: Assert.Equal(JsonValueKind.Null, id.ValueKind); break;
            case int number: Assert.Equal(number, id.GetInt32()); break;
            case string text: Assert.Equal(text, id.GetString()); break;
        }
    }

    internal static void AssertResult(JsonElement frame, int id, int result)
    {
        Assert.Equal(id, frame.GetProperty("id").GetInt32());
        Assert.Equal(result, frame.GetProperty("result").GetInt32());
    }
}
