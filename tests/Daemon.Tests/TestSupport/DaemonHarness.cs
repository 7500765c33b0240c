using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using Nerdbank.Streams;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// The daemon's real composition (ledger, jobs, RPC target, outbox) served over an in-memory duplex
/// stream to a real JsonRpc client, with the simulator on 127.0.0.1 as the provider.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private readonly List<(JsonRpc Rpc, Task Serve, CancellationTokenSource Stop)> _clients = [];

    private readonly string _dataDirectory;
    private readonly DaemonSettings _settings;

    private DaemonHarness(TempDirectory dir, SimulatorServer simulator, DaemonHost host, string dataDirectory, DaemonSettings settings)
    {
        Dir = dir;
        Simulator = simulator;
        Host = host;
        _dataDirectory = dataDirectory;
        _settings = settings;
    }

    public TempDirectory Dir { get; }

    public SimulatorServer Simulator { get; }

    public DaemonHost Host { get; private set; }

    public static RetrySettings FastRetries { get; } = new() { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };

    /// <param name="dataDirectory">Where the ledger lives; default a folder of the harness's own temp directory.</param>
    public static async Task<DaemonHarness> StartAsync(SimulatorOptions? simulator = null, DaemonSettings? settings = null, string? dataDirectory = null)
    {
        var dir = new TempDirectory();
        var sim = await SimulatorServer.StartAsync(simulator ?? new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero });
        dataDirectory ??= Path.Combine(dir.Path, "data");
        settings ??= new DaemonSettings { Retry = FastRetries, PauseGrace = TimeSpan.FromSeconds(5) };
        var host = await DaemonHost.StartAsync(dataDirectory, settings, Log);
        return new DaemonHarness(dir, sim, host, dataDirectory, settings);
    }

    /// <summary>Stops the daemon (clients dropped, running jobs interrupted) and starts a new one on the same data directory; the simulator stays.</summary>
    public async Task RestartAsync()
    {
        await DisconnectAllAsync();
        await Host.DisposeAsync();
        Host = await DaemonHost.StartAsync(_dataDirectory, _settings, Log);
    }

    // BATCHAI_TEST_LOG=FILE appends the daemon's log to FILE: what a hanging test's daemon was doing.
    private static void Log(string line)
    {
        if (Environment.GetEnvironmentVariable("BATCHAI_TEST_LOG") is { Length: > 0 } file)
        {
            lock (typeof(DaemonHarness))
            {
                File.AppendAllText(file, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}\n");
            }
        }
    }

    /// <summary>Connects a new client; its notifications land in the returned collector.</summary>
    public (JsonRpc Rpc, NotificationCollector Notes) Connect()
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        var stop = new CancellationTokenSource();
        var serve = Host.ServeConnectionAsync(serverStream, serverStream, stop.Token);
        var notes = new NotificationCollector();
        var rpc = RpcConnectionFactory.Create(clientStream, notes);
        rpc.StartListening();
        _clients.Add((rpc, serve, stop));
        return (rpc, notes);
    }

    public ProviderConfig Provider(string model = "sim-small") => new(Simulator.BaseUrl.ToString(), model);

    /// <summary>A CSV of questions "Question number i?" with a header.</summary>
    public string WriteQuestions(string name, int count, Func<int, string>? question = null)
    {
        var lines = new List<string> { "question" };
        lines.AddRange(Enumerable.Range(0, count).Select(i => question?.Invoke(i) ?? $"Question number {i}?"));
        return Dir.WriteText(name, string.Join('\n', lines) + "\n");
    }

    public static Task<T> CallAsync<T>(JsonRpc rpc, string method, object? args = null) =>
        rpc.InvokeWithParameterObjectAsync<T>(method, args, Timeouts.Token());

    public async ValueTask DisposeAsync()
    {
        await DisconnectAllAsync();
        await Host.DisposeAsync();
        await Simulator.DisposeAsync();
        Dir.Dispose();
    }

    private async Task DisconnectAllAsync()
    {
        foreach (var (rpc, serve, stop) in _clients)
        {
            rpc.Dispose();
            stop.Cancel();
            await serve.WaitAsync(Timeouts.Token()).ConfigureAwait(false);
        }

        _clients.Clear();
    }
}
