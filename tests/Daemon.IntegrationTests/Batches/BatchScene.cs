using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.Batches;

/// <summary>A simulator playing OpenAI's Batch API on a quick clock, a data directory, and a dataset: what every batch job test starts from.</summary>
internal sealed class BatchScene : IAsyncDisposable
{
    private BatchScene(TempDirectory temp, SimulatorServer simulator, string[] questions)
    {
        Temp = temp;
        Simulator = simulator;
        Questions = questions;
        Input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        Data = temp.Sub("data");
    }

    public TempDirectory Temp { get; }

    public SimulatorServer Simulator { get; }

    public string[] Questions { get; }

    public string Input { get; }

    public string Data { get; }

    public string Output => Temp.File("answers.jsonl");

    /// <summary>Batches that take a fraction of a second: validating, in progress and finalizing, each on the simulator's real clock.</summary>
    public static async Task<BatchScene> StartAsync(int rows, string tag, Action<SimulatorOptions>? configure, CancellationToken ct)
    {
        var options = new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero,
            BatchValidationTime = TimeSpan.FromMilliseconds(100),
            BatchCompletionTime = TimeSpan.FromMilliseconds(400),
            BatchFinalizingTime = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        var temp = new TempDirectory();
        return new BatchScene(temp, await SimulatorServer.StartAsync(options, cancellationToken: ct), Datasets.Questions(rows, tag));
    }

    /// <summary>A daemon on stdio over the scene's data directory, with a client initialized.</summary>
    public async Task<(DaemonProcess Daemon, RpcClient Client)> DaemonAsync(CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var daemon = DaemonProcess.Start(Temp.Path, environment, "serve", "--stdio", "--data-dir", Data);
        var client = RpcClient.OverStreams(daemon.StandardInput, daemon.StandardOutput);
        await client.InitializeAsync(ct);
        return (daemon, client);
    }

    public StartJobParams BatchJob(int maxLines, string? output = null) =>
        new(Input, new ProviderConfig(Simulator.BaseUrl.ToString(), "sim-small"), output ?? Output, Mode: JobModes.Batch,
            Batch: new BatchOptions(MaxLines: maxLines, PollSeconds: 0.05));

    /// <summary>An auto job that needs its answers by <paramref name="deadline"/>.</summary>
    public StartJobParams AutoJob(DateTimeOffset deadline, int maxLines = 1000) =>
        BatchJob(maxLines) with { Mode = JobModes.Auto, Batch = new BatchOptions(MaxLines: maxLines, Deadline: deadline, PollSeconds: 0.05) };

    public async Task<string> StartAsync(RpcClient client, StartJobParams job, CancellationToken ct) =>
        (await client.CallAsync<StartJobResult>(Methods.StartJob, job, ct)).JobId;

    /// <summary>Each row was answered by exactly one batch line: no file, batch or line sent twice.</summary>
    public void AssertEveryLineAnsweredOnce(int files)
    {
        var stats = Simulator.Stats;
        Assert.Equal((long)files, stats.FileUploads);
        Assert.Equal((long)files, stats.BatchesCreated);
        Assert.All(stats.UploadsByFilename.Values, n => Assert.Equal(1, n));
        Assert.Equal(Questions.Length, stats.BatchLinesByCustomId.Count);
        Assert.All(stats.BatchLinesByCustomId.Values, n => Assert.Equal(1, n));
        Assert.Equal(Questions.Length, stats.BatchLinesSucceeded);
        Assert.All(Questions, q => Assert.Equal(0, stats.RequestsFor(q))); // nothing went online
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        Temp.Dispose();
    }
}
