using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>
/// A pipe daemon with a bystander: a second client watching (with tokens) a job that runs against the simulator while a test
/// abuses the daemon on another connection. The simulator answers slowly during the abuse, so the job is certainly still running
/// when the abuse ends; <see cref="AssertUnharmedAsync"/> then speeds it up and checks the job finishes, every row right, and
/// that a new connection is served.
/// </summary>
internal sealed class AbuseScene : IAsyncDisposable
{
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromMilliseconds(60);
    private readonly List<string> _questions;
    private int _clients;

    private AbuseScene(TempDirectory temp, SimulatorServer simulator, PipeName pipe, DaemonProcess daemon, RpcClient bystander, List<string> questions)
    {
        Temp = temp;
        Simulator = simulator;
        Pipe = pipe;
        Daemon = daemon;
        Bystander = bystander;
        _questions = questions;
    }

    public TempDirectory Temp { get; }

    public SimulatorServer Simulator { get; }

    public PipeName Pipe { get; }

    public DaemonProcess Daemon { get; }

    public RpcClient Bystander { get; }

    public string JobId { get; private set; } = "";

    public string Output => Temp.File("bystander.answers.jsonl");

    public ProviderConfig Provider => new(Simulator.BaseUrl.ToString(), "sim-small");

    /// <summary>Starts everything and returns once the bystander has seen its job's first answer.</summary>
    public static async Task<AbuseScene> StartAsync(int rows, CancellationToken ct)
    {
        var temp = new TempDirectory();
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = SlowAnswer }, cancellationToken: ct);
        var pipe = new PipeName();
        var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, temp.Sub("data"), ct);
        var bystander = await RpcClient.ConnectPipeAsync(pipe.Name, ct);
        var questions = Datasets.Questions(rows, "bystander").ToList();
        var scene = new AbuseScene(temp, simulator, pipe, daemon, bystander, questions);
        await scene.ExpectClientAsync(ct);
        await bystander.InitializeAsync(ct);
        var input = Datasets.WriteCsv(temp.File("bystander.csv"), questions);
        var started = await bystander.CallAsync<StartJobResult>(
            Methods.StartJob, new StartJobParams(input, scene.Provider, scene.Output, Concurrency: 2, StreamTokens: true), ct);
        scene.JobId = started.JobId;
        await bystander.Notifications.WaitForRowsAsync(started.JobId, 1, ct);
        return scene;
    }

    /// <summary>A raw connection to the daemon; returns once the daemon has logged it, so its client number is known.</summary>
    public async Task<(RawPipe Pipe, int ClientId)> ConnectRawAsync(CancellationToken ct)
    {
        var raw = await RawPipe.ConnectAsync(Pipe.Name, ct);
        return (raw, await ExpectClientAsync(ct));
    }

    /// <summary>The daemon numbers connections in the order it accepts them; tests connect one at a time, so the next number is known.</summary>
    public async Task<int> ExpectClientAsync(CancellationToken ct)
    {
        var id = ++_clients;
        await Daemon.WaitForStderrAsync($"client {id}: connected", ct);
        return id;
    }

    public Task WaitForDisconnectAsync(int clientId, CancellationToken ct) => Daemon.WaitForStderrAsync($"client {clientId}: disconnected", ct);

    /// <summary>
    /// The abuse is over: the daemon is alive, the bystander's job was still running (else the test proved nothing), it still
    /// completes with every row right, its watcher heard it all, and a new connection is served.
    /// </summary>
    public async Task AssertUnharmedAsync(CancellationToken ct)
    {
        Assert.False(Daemon.HasExited, $"the daemon died. Stderr:\n{Daemon.Stderr}");
        var during = await Bystander.GetJobAsync(JobId, ct);
        Assert.True(during.State == JobState.Running, $"the bystander's job was {during.State} when the abuse ended; the test proves nothing");

        Simulator.Options.TimeToFirstToken = TimeSpan.Zero;
        await Bystander.Notifications.WaitForStateAsync(JobId, JobState.Completed, ct);
        Datasets.AssertAllAnswered(Output, _questions);
        var rows = Bystander.Notifications.Rows.Where(r => r.JobId == JobId).ToList();
        Assert.Equal(_questions.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Answer, Bystander.Notifications.StreamedBeforeCompletion.GetValueOrDefault((JobId, r.Row))));

        await using var newcomer = await RpcClient.ConnectPipeAsync(Pipe.Name, ct);
        await ExpectClientAsync(ct);
        var info = await newcomer.InitializeAsync(ct);
        Assert.Equal(ProtocolInfo.Version, info.ProtocolVersion);
    }

    public async ValueTask DisposeAsync()
    {
        await Bystander.DisposeAsync();
        await Daemon.DisposeAsync();
        await Simulator.DisposeAsync();
        Pipe.Dispose();
        Temp.Dispose();
    }
}
