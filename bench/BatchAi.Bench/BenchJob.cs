using System.Diagnostics;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Notifications;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>Runs one job in-process (the daemon's real composition) against a simulator and measures it.</summary>
internal static class BenchJob
{
    public sealed record Result(double Seconds, double RowsPerSecond, int MaxConcurrent, long Done, long PeakWorkingSetMb, double FirstRequestMs,
        long Requests = 0, long RateLimited = 0, double CpuSeconds = 0, long TokenMessages = 0, long PeakManagedMb = 0, long ManagedAfterMb = 0,
        double AllocatedKbPerRow = 0, double RequestPhaseSeconds = 0, TimeSpan ProviderTime = default)
    {
        /// <summary>Rows per second from the first request sent to the last answer stored: the job's start-up and its export left out.</summary>
        public double RequestPhaseRowsPerSecond => Done / RequestPhaseSeconds;

        /// <summary>The mean time a request spent at the provider (the simulator), from arrival to last byte.</summary>
        public double ProviderLatencyMs => ProviderTime.TotalMilliseconds / Math.Max(1, Requests);

        /// <summary>The mean number of requests at the provider over the request phase (Little's law: time there ÷ wall time).</summary>
        public double ProviderInFlight => ProviderTime.TotalSeconds / RequestPhaseSeconds;
    }

    /// <param name="watchTokens">A watcher subscribed to every row's token stream, as an editor showing the job would be.</param>
    /// <param name="stopAfter">Cancel the job after this long (for inputs too large to answer in a benchmark's time).</param>
    public static async Task<Result> RunAsync(string input, int concurrency, SimulatorOptions simOptions, string workDir, bool watchTokens = false, TimeSpan? stopAfter = null)
    {
        await using var sim = await SimulatorServer.StartAsync(simOptions);
        var dataDir = Path.Combine(workDir, "data-" + Guid.NewGuid().ToString("N")[..6]);
        await using var host = await DaemonHost.StartAsync(dataDir, new DaemonSettings(), _ => { });
        var watcher = new EndWatcher(watchTokens);
        using var registration = host.Hub.Register(watcher);
        var peak = 0L;
        var peakManaged = 0L;
        // The managed heap beside the working set tells the daemon's own objects from native memory (SQLite, sockets, code).
        using var sampler = new Timer(_ =>
        {
            peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: false));
        }, null, 0, 50);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        watcher.Clock = clock;
        var firstRequest = sim.Stats.WaitUntilAsync(s => s.TotalRequests > 0, CancellationToken.None)
            .ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
        var started = await host.Jobs.StartAsync(
            new StartJobParams(input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), Path.Combine(workDir, "out.jsonl"), Concurrency: concurrency),
            watcher.Watch,
            CancellationToken.None);
        if (stopAfter is { } limit && await Task.WhenAny(watcher.Completed, Task.Delay(limit)) != watcher.Completed)
        {
            await host.Jobs.CancelAsync(started.JobId);
        }

        await watcher.Completed.WaitAsync(TimeSpan.FromMinutes(10));
        clock.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var job = host.Jobs.Get(started.JobId);
        // What stays reachable at the end (daemon, job and simulator still alive): anything kept per row shows here.
        var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        return new Result(
            clock.Elapsed.TotalSeconds,
            job.Counts.Done / clock.Elapsed.TotalSeconds,
            sim.Stats.MaxConcurrent,
            job.Counts.Done,
            Math.Max(peak, Process.GetCurrentProcess().WorkingSet64) / (1024 * 1024),
            await firstRequest,
            sim.Stats.TotalRequests,
            sim.Stats.RateLimitedRequests,
            cpuSeconds,
            watcher.TokenMessages,
            peakManaged / (1024 * 1024),
            managedAfter / (1024 * 1024),
            allocatedBytes / 1024.0 / Math.Max(1, job.Counts.Done),
            watcher.LastRowSeconds - await firstRequest / 1000,
            sim.Stats.TotalRequestTime);
    }

    private sealed class EndWatcher(bool watchTokens) : INotificationSink
    {
        private long _tokens;
        private long _lastRowTicks;

        public Stopwatch? Clock { get; set; }

        /// <summary>When the last row completed, in seconds on <see cref="Clock"/>.</summary>
        public double LastRowSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _lastRowTicks)).TotalSeconds;

        public long TokenMessages => Interlocked.Read(ref _tokens);

        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile string? _jobId;

        public Task Completed => _completed.Task;

        public void Watch(string jobId) => _jobId = jobId;

        public void OnStateChanged(JobStateChanged change)
        {
            if (change.JobId == _jobId && change.State is JobState.Completed or JobState.Failed or JobState.Cancelled)
            {
                _completed.TrySetResult();
            }
        }

        public void OnRowCompleted(JobRowCompleted row)
        {
            if (Clock is { } clock)
            {
                Interlocked.Exchange(ref _lastRowTicks, clock.Elapsed.Ticks);
            }
        }

        public void OnProgress(JobProgress progress)
        {
        }

        public bool WantsTokens(string jobId) => watchTokens;

        public void OnToken(JobToken token) => Interlocked.Increment(ref _tokens);
    }
}
