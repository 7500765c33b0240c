using System.Collections.Concurrent;
using System.IO.Pipes;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;

namespace BatchAi.Bench;

/// <summary>A benchmark's client on its own pipe connection: starts jobs and watches them (with tokens) to the end, counting what it hears.</summary>
internal sealed class SoakClient : IAsyncDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JobStateChanged>> _ends = new(StringComparer.Ordinal);
    private readonly NamedPipeClientStream _pipe;
    private readonly JsonRpc _rpc;

    private SoakClient(NamedPipeClientStream pipe)
    {
        _pipe = pipe;
        _rpc = RpcConnectionFactory.Create(pipe, target: null);
        _rpc.AddLocalRpcTarget(new Handlers(this), new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        _rpc.StartListening();
    }

    public long JobsCompleted { get; private set; }

    public long Tokens;

    public long RowsHeard;

    public List<string> Errors { get; } = [];

    public static async Task<SoakClient> ConnectAsync(string pipeName, CancellationToken cancellationToken)
    {
        var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await pipe.ConnectAsync(cancellationToken);
        return new SoakClient(pipe);
    }

    /// <summary>Runs jobs back to back until <paramref name="until"/>; a failed job is counted as an error and the loop goes on.</summary>
    public async Task RunAsync(int index, string input, string outputFolder, string baseUrl, CancellationToken until)
    {
        await _rpc.InvokeWithParameterObjectAsync<InitializeResult>(Methods.Initialize, new InitializeParams(ClientName: $"soak-{index}"));
        var output = Path.Combine(outputFolder, $"client-{index}.jsonl");
        while (!until.IsCancellationRequested)
        {
            try
            {
                var jobId = await StartJobAsync(new StartJobParams(input, new ProviderConfig(baseUrl, "soak"), output, Concurrency: 4, StreamTokens: true, Cache: false));
                var end = await WaitForEndAsync(jobId, JobTimeout);
                if (end.State == JobState.Completed)
                {
                    JobsCompleted++;
                }
                else
                {
                    Errors.Add($"job {jobId} ended {end.State}: {end.Message}");
                }
            }
            catch (Exception e) when (e is RemoteRpcException or TimeoutException or ConnectionLostException)
            {
                Errors.Add(e.Message);
                if (e is ConnectionLostException)
                {
                    return;
                }
            }
        }
    }

    public async Task<string> StartJobAsync(StartJobParams job) =>
        (await _rpc.InvokeWithParameterObjectAsync<StartJobResult>(Methods.StartJob, job)).JobId;

    public Task<JobInfo> GetJobAsync(string jobId) =>
        _rpc.InvokeWithParameterObjectAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId));

    public Task<JobInfo> ResumeJobAsync(string jobId) =>
        _rpc.InvokeWithParameterObjectAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId));

    public Task<JobInfo> CancelJobAsync(string jobId) =>
        _rpc.InvokeWithParameterObjectAsync<JobInfo>(Methods.CancelJob, new JobIdParams(jobId));

    /// <summary>The job's end: completed, failed, cancelled, paused or interrupted.</summary>
    public async Task<JobStateChanged> WaitForEndAsync(string jobId, TimeSpan timeout)
    {
        var end = await End(jobId).Task.WaitAsync(timeout);
        _ends.TryRemove(jobId, out _);
        return end;
    }

    public Task ShutdownAsync() => _rpc.InvokeWithParameterObjectAsync<object>(Methods.Shutdown, new { });

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        await _pipe.DisposeAsync();
    }

    // Every client hears every job's state changes; only its own job's end matters here.
    private TaskCompletionSource<JobStateChanged> End(string jobId) =>
        _ends.GetOrAdd(jobId, _ => new TaskCompletionSource<JobStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously));

    private sealed class Handlers(SoakClient client)
    {
        // The end can arrive before startJob's reply has given us the id, so every job's end is kept (a few hundred bytes each).
        [JsonRpcMethod(Notifications.JobStateChanged, UseSingleObjectParameterDeserialization = true)]
        public void OnState(JobStateChanged s)
        {
            if (s.State is JobState.Completed or JobState.Failed or JobState.Cancelled or JobState.Paused or JobState.Interrupted)
            {
                client.End(s.JobId).TrySetResult(s);
            }
        }

        [JsonRpcMethod(Notifications.JobToken, UseSingleObjectParameterDeserialization = true)]
        public void OnToken(JobToken t) => Interlocked.Increment(ref client.Tokens);

        [JsonRpcMethod(Notifications.JobRowCompleted, UseSingleObjectParameterDeserialization = true)]
        public void OnRow(JobRowCompleted r) => Interlocked.Increment(ref client.RowsHeard);

        [JsonRpcMethod(Notifications.JobProgress, UseSingleObjectParameterDeserialization = true)]
        public void OnProgress(JobProgress p)
        {
        }
    }
}
