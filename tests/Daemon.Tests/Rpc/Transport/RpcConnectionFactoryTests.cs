using System.Text.Json;
using BatchAi.Daemon.Rpc.Transport;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

public sealed class RpcConnectionFactoryTests
{
    [Fact]
    public async Task Create_RawCallWithCamelCaseParams_AnswersCamelCaseWithoutNulls()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (Stream serverStream, Stream clientStream) = FullDuplexStream.CreatePair();
        using JsonRpc server = RpcConnectionFactory.Create(serverStream, new TestTarget());
        server.StartListening();
        var client = new RawPeer(clientStream);

        // "startJob" reaching StartJobAsync shows the Async suffix is dropped with no [JsonRpcMethod] attribute.
        await client.SendFrameAsync("""{"jsonrpc":"2.0","id":1,"method":"startJob","params":{"datasetPath":"q.csv","maxRows":3}}""", cts.Token);
        JsonElement response = await client.ReadFrameAsync(cts.Token);

        Assert.Equal(1, response.GetProperty("id").GetInt32());
        Assert.Equal("""{"jobId":"q.csv#3","state":"running"}""", response.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task Create_ParamOfWrongType_InvalidParamsNamingTheFieldWithoutStackTrace()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (Stream serverStream, Stream clientStream) = FullDuplexStream.CreatePair();
        using JsonRpc server = RpcConnectionFactory.Create(serverStream, new TestTarget());
        server.StartListening();
        var client = new RawPeer(clientStream);

        await client.SendFrameAsync("""{"jsonrpc":"2.0","id":1,"method":"startJob","params":{"datasetPath":"q.csv","maxRows":"three"}}""", cts.Token);
        JsonElement error = (await client.ReadFrameAsync(cts.Token)).GetProperty("error");

        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.StartsWith("Invalid params: maxRows has the wrong type", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"field":"maxRows"}""", error.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task Create_DotNetClientInvoke_RoundTripsOneParameterObject()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (Stream serverStream, Stream clientStream) = FullDuplexStream.CreatePair();
        using JsonRpc server = RpcConnectionFactory.Create(serverStream, new TestTarget());
        using JsonRpc client = RpcConnectionFactory.Create(clientStream, target: null);
        server.StartListening();
        client.StartListening();

        JobStarted started = await client.InvokeWithParameterObjectAsync<JobStarted>("startJob", new StartJobParams("a.csv", 7), cts.Token);
        int sum = await client.InvokeWithParameterObjectAsync<int>("add", new AddParams(2, 40), cts.Token);

        Assert.Equal(new JobStarted("a.csv#7", JobState.Running, null), started);
        Assert.Equal(42, sum);
    }

    [Fact]
    public async Task NotifyWithParameterObjectAsync_FromFactoryClient_ArrivesAsOneCamelCaseObject()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        (Stream daemonStream, Stream clientStream) = FullDuplexStream.CreatePair();
        using JsonRpc daemon = RpcConnectionFactory.Create(daemonStream, target: null);
        daemon.StartListening();
        var client = new RawPeer(clientStream);

        await daemon.NotifyWithParameterObjectAsync("jobProgress", new JobStarted("j1", JobState.Queued, Note: null));
        JsonElement notification = await client.ReadFrameAsync(cts.Token);

        Assert.Equal("2.0", notification.GetProperty("jsonrpc").GetString());
        Assert.False(notification.TryGetProperty("id", out _));
        Assert.Equal("jobProgress", notification.GetProperty("method").GetString());
        Assert.Equal("""{"jobId":"j1","state":"queued"}""", notification.GetProperty("params").GetRawText());
    }
}
