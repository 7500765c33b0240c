using System.Text.Json;
using BatchAi.Daemon.Rpc.Transport;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

public sealed class FramedMessageHandlerWriteTests
{
    [Fact]
    public async Task ReadAsync_BadFrameWhileNotificationIsMidWrite_ErrorReplyWaitsItsTurn()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (Stream serverStream, Stream clientStream) = FullDuplexStream.CreatePair();
        var output = new GatedWriteStream(serverStream);
        using JsonRpc server = RpcConnectionFactory.Create(serverStream, output, new TestTarget());
        server.StartListening();
        var client = new RawPeer(clientStream);

        Task notifying = server.NotifyWithParameterObjectAsync("tick", new { Index = 1 });
        await output.FirstWriteStarted.WaitAsync(cts.Token);
        await client.SendAsync("Content-Length: 5\r\n\r\n{abc}", cts.Token);

        // Expected: nothing. The reply must queue behind the held notification, not write beside it.
        await Task.Delay(TimeSpan.FromMilliseconds(200), cts.Token);
        Assert.Equal(0, output.OverlappingWrites);

        output.Open();
        await notifying.WaitAsync(cts.Token);
        JsonElement first = await client.ReadFrameAsync(cts.Token);
        JsonElement second = await client.ReadFrameAsync(cts.Token);
        Assert.Equal("tick", first.GetProperty("method").GetString());
        FramedMessageHandlerTests.AssertError(second, -32700, expectedId: null);
        Assert.Equal(0, output.OverlappingWrites);
    }
}
