using System.Net.Sockets;
using BatchAi.Daemon.Rpc.Transport;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

public sealed class PipeListenerTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StartAsync_TwoClientsConnectedAtOnce_BothServed()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();
        await using PipeListener listener = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);

        using JsonRpc first = await ConnectRpcAsync(pipe.Name, cts.Token);
        using JsonRpc second = await ConnectRpcAsync(pipe.Name, cts.Token);

        // The second is asked first while the first sits idle: a listener serving one client at a time would never answer it.
        Assert.Equal(5, await second.InvokeWithParameterObjectAsync<int>("add", new AddParams(2, 3), cts.Token));
        Assert.Equal(9, await first.InvokeWithParameterObjectAsync<int>("add", new AddParams(4, 5), cts.Token));
    }

    [Fact]
    public async Task StartAsync_SecondListenerOnSameName_ThrowsPipeInUseAndFirstKeepsServing()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();
        await using PipeListener listener = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);

        PipeInUseException error = await Assert.ThrowsAsync<PipeInUseException>(() => PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token));

        Assert.Equal($"Another batchai daemon is already serving pipe '{pipe.Name}' (socket {pipe.SocketPath}). Stop it, or choose another name with --pipe NAME.", error.Message);
        using JsonRpc client = await ConnectRpcAsync(pipe.Name, cts.Token);
        Assert.Equal(3, await client.InvokeWithParameterObjectAsync<int>("add", new AddParams(1, 2), cts.Token));
    }

    [Fact]
    public async Task StartAsync_StaleSocketAndUnlockedLockFile_ReplacesSocketAndServes()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix sockets only");
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();
        LeaveDeadSocket(pipe.SocketPath);
        await File.WriteAllTextAsync(pipe.LockPath, "", cts.Token);

        await using PipeListener listener = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);

        using JsonRpc client = await ConnectRpcAsync(pipe.Name, cts.Token);
        Assert.Equal(3, await client.InvokeWithParameterObjectAsync<int>("add", new AddParams(1, 2), cts.Token));
    }

    [Fact]
    public async Task StartAsync_OnUnix_SocketIsReadWriteForOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix sockets only");
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();

        await using PipeListener listener = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pipe.SocketPath));
        }
    }

    [Fact]
    public async Task StartAsync_ClientHandlerThrows_ListenerKeepsServingOthers()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();
        var logged = new List<string>();
        int connections = 0;
        await using PipeListener listener = await PipeListener.StartAsync(
            pipe.Name,
            (stream, ct) => Interlocked.Increment(ref connections) == 1 ? throw new InvalidOperationException("boom") : ServeRpcAsync(stream, ct),
            cts.Token,
            line => { lock (logged) { logged.Add(line); } });

        using JsonRpc doomed = await ConnectRpcAsync(pipe.Name, cts.Token);
        await doomed.Completion.WaitAsync(cts.Token);
        using JsonRpc survivor = await ConnectRpcAsync(pipe.Name, cts.Token);

        Assert.Equal(3, await survivor.InvokeWithParameterObjectAsync<int>("add", new AddParams(1, 2), cts.Token));
        lock (logged)
        {
            Assert.Contains(logged, line => line.Contains("boom", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DisposeAsync_WithConnectedClient_ClosesItAndReleasesTheName()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();
        PipeListener listener = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);
        using JsonRpc client = await ConnectRpcAsync(pipe.Name, cts.Token);
        Assert.Equal(3, await client.InvokeWithParameterObjectAsync<int>("add", new AddParams(1, 2), cts.Token));

        await listener.DisposeAsync().AsTask().WaitAsync(cts.Token);

        await client.Completion.WaitAsync(cts.Token);
        await using PipeListener successor = await PipeListener.StartAsync(pipe.Name, ServeRpcAsync, cts.Token);
        using JsonRpc next = await ConnectRpcAsync(pipe.Name, cts.Token);
        Assert.Equal(7, await next.InvokeWithParameterObjectAsync<int>("add", new AddParams(3, 4), cts.Token));
    }

    [Fact]
    public async Task ConnectAsync_NoListener_TimesOut()
    {
        using CancellationTokenSource cts = TestTimeout.Create();
        using var pipe = new UniquePipeName();

        await Assert.ThrowsAsync<TimeoutException>(() => PipeClient.ConnectAsync(pipe.Name, TimeSpan.FromMilliseconds(200), cts.Token));
    }

    private static async Task ServeRpcAsync(Stream stream, CancellationToken ct)
    {
        using JsonRpc rpc = RpcConnectionFactory.Create(stream, new TestTarget());
        rpc.StartListening();
        await rpc.Completion.WaitAsync(ct);
    }

    private static async Task<JsonRpc> ConnectRpcAsync(string name, CancellationToken ct)
    {
        Stream stream = await PipeClient.ConnectAsync(name, ConnectTimeout, ct);
        JsonRpc rpc = RpcConnectionFactory.Create(stream, target: null);
        rpc.StartListening();
        return rpc;
    }

    // What a killed daemon leaves behind: a socket file nobody listens on.
    // Bound elsewhere and moved into place, because disposing a .NET Socket unlinks the path it was bound to.
    private static void LeaveDeadSocket(string path)
    {
        string boundPath = path + ".bind";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(boundPath));
            File.Move(boundPath, path);
        }

        Assert.True(File.Exists(path), "precondition: the dead socket file should remain");
    }
}
