using System.Diagnostics;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>The real daemon executable (<c>batchai serve --pipe</c>) with a client on its pipe, for the fault matrix.</summary>
internal sealed class DaemonSession : IAsyncDisposable
{
    private readonly Process _process;

    private DaemonSession(Process process, SoakClient client, DaemonProcess.Log log)
    {
        _process = process;
        Client = client;
        Log = log;
    }

    /// <summary>The daemon's stderr so far.</summary>
    public DaemonProcess.Log Log { get; }

    public SoakClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>Whether the daemon has exited (a crash point killed it).</summary>
    public bool HasExited => _process.HasExited;

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Starts a daemon on <paramref name="dataDirectory"/> (an existing one resumes from its ledger).</summary>
    public static async Task<DaemonSession> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        // BENCH_DAEMON_DLL measures another build of the daemon, such as the ReadyToRun one `dotnet publish` makes.
        var dll = Environment.GetEnvironmentVariable("BENCH_DAEMON_DLL") ?? Path.Combine(AppContext.BaseDirectory, "batchai.dll");
        var pipeName = "batchai-faults-" + Guid.NewGuid().ToString("N")[..8];
        var process = DaemonProcess.Start(dll, pipeName, dataDirectory, environment);
        var log = new DaemonProcess.Log(process);
        await log.WaitForAsync("serving JSON-RPC on pipe", 1, TimeSpan.FromSeconds(60));
        return new DaemonSession(process, await SoakClient.ConnectAsync(pipeName, CancellationToken.None), log);
    }

    /// <summary>Starts a job on <paramref name="sim"/>, the cache off so a second run of the same questions asks the provider again.</summary>
    public Task<string> StartJobAsync(SimulatorServer sim, string input, string output, int concurrency) =>
        Client.StartJobAsync(new StartJobParams(input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), output, Concurrency: concurrency, Cache: false));

    /// <summary>Waits for the job's end up to <paramref name="cap"/>; past it, cancels the job and returns null.</summary>
    public async Task<JobStateChanged?> WaitForEndAsync(string jobId, TimeSpan cap)
    {
        try
        {
            return await Client.WaitForEndAsync(jobId, cap);
        }
        catch (TimeoutException)
        {
            await Client.CancelJobAsync(jobId).WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        }
    }

    /// <summary>SIGKILL: the daemon gets no chance to write anything more.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await Client.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is TimeoutException or StreamJsonRpc.ConnectionLostException or StreamJsonRpc.RemoteRpcException)
            {
                _process.Kill();
            }
        }
        await Client.DisposeAsync();
        _process.Dispose();
    }
}
