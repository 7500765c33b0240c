using System.Text.Json;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// What every CLI verb talks to: the running daemon over its pipe when one serves the same data directory,
/// otherwise a <see cref="DaemonHost"/> in this process over an in-memory stream. Either way the verb speaks the
/// same JSON-RPC protocol, so a job the CLI starts shows up in every other client of that daemon.
/// </summary>
internal sealed class DaemonConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly DaemonHost? _host;
    private readonly Stream _stream;
    private readonly CancellationTokenSource? _serveStop;
    private readonly Task _serving;

    private DaemonConnection(JsonRpc rpc, Stream stream, CliNotifications notifications, InitializeResult info, string? pipe, DaemonHost? host, CancellationTokenSource? serveStop, Task serving)
    {
        Rpc = rpc;
        _stream = stream;
        Notifications = notifications;
        Info = info;
        Pipe = pipe;
        _host = host;
        _serveStop = serveStop;
        _serving = serving;
    }

    public JsonRpc Rpc { get; }

    public CliNotifications Notifications { get; }

    public InitializeResult Info { get; }

    /// <summary>The pipe of the daemon talked to; null when the daemon runs in this process.</summary>
    public string? Pipe { get; }

    public bool InProcess => _host is not null;

    /// <summary>
    /// Connects to the daemon on <paramref name="pipe"/> (default: the per-user name) if it serves <paramref name="dataDir"/>
    /// (default: the resolved data directory), else starts one in this process. Prints why and returns an exit code when neither works.
    /// </summary>
    public static async Task<(DaemonConnection? Connection, int ExitCode)> OpenAsync(string? pipe, string? dataDir, CancellationToken cancellationToken)
    {
        var explicitPipe = pipe is not null;
        var name = pipe ?? Environment.GetEnvironmentVariable("BATCHAI_PIPE") ?? PipeNames.Default();
        var directory = DataDirectory.Resolve(dataDir);
        var remote = await TryConnectAsync(name, explicitPipe, cancellationToken).ConfigureAwait(false);
        if (remote is not null)
        {
            var sameDirectory = string.Equals(Path.GetFullPath(remote.Info.DataDirectory).TrimEnd(Path.DirectorySeparatorChar),
                Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
            if (sameDirectory || (explicitPipe && dataDir is null))
            {
                return (remote, ExitCodes.Success);
            }

            await remote.DisposeAsync().ConfigureAwait(false);
            if (explicitPipe)
            {
                Console.Error.WriteLine($"batchai: the daemon on pipe '{name}' keeps its data in {remote.Info.DataDirectory}, not {directory}.");
                return (null, ExitCodes.BadInput);
            }
        }
        else if (explicitPipe)
        {
            Console.Error.WriteLine($"batchai: no daemon answers on pipe '{name}' ({SafeSocketPath(name)}). Start one with: batchai serve --pipe {name}");
            return (null, ExitCodes.DaemonUnreachable);
        }

        DaemonHost host;
        try
        {
            host = await DaemonHost.StartAsync(directory, InProcessJob.Settings, StderrLog.Write).ConfigureAwait(false);
        }
        catch (DataDirectoryInUseException e)
        {
            Console.Error.WriteLine($"batchai: {e.Message}");
            return (null, ExitCodes.InUse);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"batchai: {e.Message}");
            return (null, ExitCodes.BadInput);
        }

        var (client, server) = FullDuplexStream.CreatePair();
        var stop = new CancellationTokenSource();
        var serving = host.ServeConnectionAsync(server, server, stop.Token);
        var (rpc, notifications) = Listen(client);
        var info = await rpc.InvokeWithParameterObjectAsync<InitializeResult>(Methods.Initialize, Hello(), cancellationToken).ConfigureAwait(false);
        return (new DaemonConnection(rpc, client, notifications, info, null, host, stop, serving), ExitCodes.Success);
    }

    public Task<T> CallAsync<T>(string method, object? parameters, CancellationToken cancellationToken) =>
        Rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken);

    /// <summary>Where a paused job can be resumed from, for messages.</summary>
    public string ResumeHint(string jobId) => Pipe is null
        ? $"batchai resume {jobId} --data-dir \"{Info.DataDirectory}\""
        : Pipe == PipeNames.Default() ? $"batchai resume {jobId}" : $"batchai resume {jobId} --pipe {Pipe}";

    public async ValueTask DisposeAsync()
    {
        Rpc.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (_host is not null)
        {
            await _serveStop!.CancelAsync().ConfigureAwait(false);
            try
            {
                await _serving.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _serveStop.Dispose();
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<DaemonConnection?> TryConnectAsync(string name, bool explicitPipe, CancellationToken cancellationToken)
    {
        string socket;
        try
        {
            socket = PipeNames.SocketPath(name);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // On Unix a missing socket file means nobody serves the name: no need to wait for a connect to time out.
        if (!OperatingSystem.IsWindows() && !File.Exists(socket))
        {
            return null;
        }

        Stream stream;
        try
        {
            stream = await PipeClient.ConnectAsync(name, explicitPipe ? ConnectTimeout : TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            return null;
        }

        var (rpc, notifications) = Listen(stream);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            var info = await rpc.InvokeWithParameterObjectAsync<InitializeResult>(Methods.Initialize, Hello(), timeout.Token).ConfigureAwait(false);
            return new DaemonConnection(rpc, stream, notifications, info, name, null, null, Task.CompletedTask);
        }
        catch (Exception e) when (e is OperationCanceledException or ConnectionLostException or IOException or RemoteInvocationException or JsonException)
        {
            rpc.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static (JsonRpc Rpc, CliNotifications Notifications) Listen(Stream stream)
    {
        var notifications = new CliNotifications();
        var rpc = RpcConnectionFactory.Create(stream, null);
        rpc.AddLocalRpcTarget(notifications);
        rpc.StartListening();
        notifications.Attach(rpc);
        return (rpc, notifications);
    }

    private static InitializeParams Hello() => new("batchai-cli", DaemonHost.Version, ProtocolInfo.Version);

    private static string SafeSocketPath(string name)
    {
        try
        {
            return PipeNames.SocketPath(name);
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
