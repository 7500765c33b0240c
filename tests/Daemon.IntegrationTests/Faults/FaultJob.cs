using System.Diagnostics;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.Faults;

/// <summary>
/// One job through the real daemon executable (stdio) against the simulator: the daemon started, the job run to a
/// stop, its wall time from startJob to that stop, and what the client heard on the way.
/// </summary>
internal sealed class FaultJob : IAsyncDisposable
{
    private readonly DaemonProcess _daemon;

    private FaultJob(TempDirectory temp, DaemonProcess daemon, RpcClient client)
    {
        Temp = temp;
        _daemon = daemon;
        Client = client;
    }

    public TempDirectory Temp { get; }

    public RpcClient Client { get; }

    public static async Task<FaultJob> StartDaemonAsync(CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var temp = new TempDirectory();
        var daemon = DaemonProcess.Start(temp.Path, environment, "serve", "--stdio", "--data-dir", temp.Sub("data"));
        var client = RpcClient.OverStreams(daemon.StandardInput, daemon.StandardOutput);
        await client.InitializeAsync(ct);
        return new FaultJob(temp, daemon, client);
    }

    /// <summary>Starts a job of <paramref name="questions"/> and returns its id, output and a clock running since it started.</summary>
    public async Task<(string JobId, string Output, Stopwatch Clock)> StartAsync(SimulatorServer simulator, IReadOnlyList<string> questions, int concurrency, string name, CancellationToken ct)
    {
        var input = Datasets.WriteCsv(Temp.File($"{name}.csv"), questions);
        var output = Temp.File($"{name}.answers.jsonl");
        var clock = Stopwatch.StartNew();
        var started = await Client.CallAsync<StartJobResult>(Methods.StartJob,
            new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: concurrency), ct);
        return (started.JobId, output, clock);
    }

    /// <summary>Runs a job to completion; returns its final description and seconds from start to completion.</summary>
    public async Task<(JobInfo Job, double Seconds, string Output)> RunAsync(SimulatorServer simulator, IReadOnlyList<string> questions, int concurrency, string name, CancellationToken ct)
    {
        var (jobId, output, clock) = await StartAsync(simulator, questions, concurrency, name, ct);
        await Client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        return (await Client.GetJobAsync(jobId, ct), seconds, output);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _daemon.DisposeAsync();
        Temp.Dispose();
    }
}
