using System.Reflection;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Rpc;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Daemon.Notifications;

namespace BatchAi.Daemon.Hosting;

/// <summary>
/// The daemon's composition: one data directory (locked), its ledger, the job manager and the hub,
/// and any number of connections served over it. The stdio and pipe servers, the CLI's in-process
/// runs and the tests all build this same object.
/// </summary>
internal sealed class DaemonHost : IAsyncDisposable
{
    private readonly DataDirectoryLock _lock;
    private readonly JobLedger _ledger;
    private readonly Action<string> _log;
    private readonly DaemonSettings _settings;
    private readonly TaskCompletionSource _shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DaemonHost(string dataDirectory, DataDirectoryLock dataLock, JobLedger ledger, DaemonSettings settings, Action<string> log)
    {
        DataDirectory = dataDirectory;
        _lock = dataLock;
        _ledger = ledger;
        _settings = settings;
        _log = log;
        Info = new DaemonInfo(Version, dataDirectory, DatasetReader.SupportedExtensions.Select(e => e.TrimStart('.')).ToArray(), ledger.Notices);
        var profiles = new ProfileStore(ledger, settings.Time);
        var keys = new JobKeys(settings.Environment);
        var pricing = new JobPricing(dataDirectory, log);
        Jobs = new JobManager(ledger, Hub, settings, log, profiles, keys, pricing);
        Features = new JobFeatures(Jobs, profiles, new JobEstimator(ledger, profiles, keys, pricing, settings), new JobExports(ledger), new JobRows(ledger),
            new JobBatchFiles(Jobs, settings.Time));
    }

    public static string Version { get; } =
        typeof(DaemonHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public string DataDirectory { get; }

    public DaemonInfo Info { get; }

    public NotificationHub Hub { get; } = new();

    public JobManager Jobs { get; }

    /// <summary>What a connection may ask of the daemon's jobs: the lifecycle, and the features beside it.</summary>
    public JobFeatures Features { get; }

    /// <summary>Completes when a client called <c>shutdown</c>.</summary>
    public Task ShutdownRequested => _shutdownRequested.Task;

    public static async Task<DaemonHost> StartAsync(string dataDirectory, DaemonSettings settings, Action<string> log)
    {
        var dataLock = DataDirectoryLock.Acquire(dataDirectory);
        try
        {
            var ledger = JobLedger.Open(dataDirectory, log, settings.LedgerBusyTimeout);
            var host = new DaemonHost(dataDirectory, dataLock, ledger, settings, log);
            await host.Jobs.InitializeAsync().ConfigureAwait(false);
            log($"data directory {dataDirectory}");
            return host;
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>Serves one client until it leaves or <paramref name="cancellationToken"/> fires. A client's failure ends only its own connection.</summary>
    public async Task ServeConnectionAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var session = new ClientSession(_settings.Time, _settings.TokenFlushInterval, _log, _settings.TokenRowsPerFlush);
        var afterReply = new AfterNextResult(_settings.Time);
        var target = new DaemonRpcTarget(Features, session, Info, () => afterReply.Arm(() => RequestShutdown()), _log, new PromptOptimizer(_settings));
        using var rpc = RpcConnectionFactory.Create(input, output, target, new FramedMessageHandlerOptions { Log = _log, ResultFlushed = afterReply.Fire });
        using var registration = Hub.Register(session);
        session.Attach(rpc);
        rpc.StartListening();
        _log($"client {session.Id}: connected");
        try
        {
            await rpc.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A client that breaks the framing (an over-limit frame, a header that never ends) loses its own connection only.
            _log($"client {session.Id}: connection closed: {e.Message}");
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
            _log($"client {session.Id}: disconnected");
        }
    }

    public Task RequestShutdown()
    {
        _shutdownRequested.TrySetResult();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Jobs.DisposeAsync().ConfigureAwait(false);
        await _ledger.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }
}
