using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Daemon.Tests.Rpc.Transport;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using Nerdbank.Streams;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Shutdown_DaemonStopsOnlyAfterItsReplyIsFlushed()
    {
        await using var harness = await StartAsync();
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        // The daemon's writes are held until the gate opens: its reply to shutdown sits in the stream.
        var gated = new GatedWriteStream(serverStream);
        using var stop = new CancellationTokenSource();
        var serve = harness.Host.ServeConnectionAsync(serverStream, gated, stop.Token);
        using var client = RpcConnectionFactory.Create(clientStream, target: null);
        client.StartListening();

        var reply = client.InvokeWithParameterObjectAsync<object>(Methods.Shutdown, new { }, TestContext.Current.CancellationToken);
        await gated.FirstWriteStarted.WaitAsync(Timeouts.Token());

        Assert.False(harness.Host.ShutdownRequested.IsCompleted, "the daemon began to stop before its reply left");
        gated.Open();
        await reply.WaitAsync(Timeouts.Token());
        await harness.Host.ShutdownRequested.WaitAsync(Timeouts.Token());

        stop.Cancel();
        await serve.WaitAsync(Timeouts.Token());
    }
}
