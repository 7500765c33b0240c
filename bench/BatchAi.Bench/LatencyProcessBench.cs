using System.Diagnostics;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// The latency-bound job as it runs for a user: the real daemon executable (<c>batchai serve --pipe</c>) in a process of its
/// own, a client on its pipe, and the provider (the simulator) in another process, this one. Nothing but the two cores is
/// shared: not the garbage collector, not the thread pool. The ratio is taken at the provider, from the first request's
/// arrival to the last answer's last byte.
/// </summary>
internal static class LatencyProcessBench
{
    public sealed record Run(string Label, double Seconds, int MaxConcurrent, double ProviderInFlight, double ProviderLatencyMs, double CpuMsPerRow, double RampMs);

    public static async Task<IReadOnlyList<Run>> RunAsync(string work, string input, int rows, int inFlight, IEnumerable<(string Label, SimulatorOptions Options)> runs)
    {
        await WarmProviderAsync();
        // BENCH_DAEMON_DLL measures another build of the daemon, such as the ReadyToRun one `dotnet publish` makes.
        var dll = Environment.GetEnvironmentVariable("BENCH_DAEMON_DLL") ?? Path.Combine(AppContext.BaseDirectory, "batchai.dll");
        var pipeName = "batchai-latency-" + Guid.NewGuid().ToString("N")[..8];
        using var daemon = DaemonProcess.Start(dll, pipeName, Path.Combine(work, "latency-data-" + Guid.NewGuid().ToString("N")[..6]));
        var log = new DaemonProcess.Log(daemon);
        await log.WaitForAsync("serving JSON-RPC on pipe", 1, TimeSpan.FromSeconds(30));
        await using var client = await SoakClient.ConnectAsync(pipeName, CancellationToken.None);
        var results = new List<Run>();
        foreach (var (label, options) in runs)
        {
            options.CountByQuestion = false;
            await using var sim = await SimulatorServer.StartAsync(options);
            var firstArrival = sim.Stats.WaitUntilAsync(s => s.TotalRequests > 0).ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            var full = sim.Stats.WaitUntilAsync(s => s.TotalRequests >= inFlight).ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            var lastAnswer = sim.Stats.WaitUntilAsync(s => s.CompletedRequests >= rows).ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            // BENCH_TIMELINE=1 prints the requests at the provider, averaged over 250 ms, to see the waves and the ramp.
            var samples = new List<int>();
            using var sampler = Environment.GetEnvironmentVariable("BENCH_TIMELINE") is null ? null
                : new Timer(_ => { lock (samples) { samples.Add(sim.Stats.InFlight); } }, null, 0, 10);
            var cpu = CpuTime(daemon);
            var jobId = await client.StartJobAsync(new StartJobParams(
                input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), Path.Combine(work, $"latency-{results.Count}.jsonl"), Concurrency: inFlight, Cache: false));
            var end = await client.WaitForEndAsync(jobId, TimeSpan.FromMinutes(5));
            if (end.State != JobState.Completed)
            {
                throw new InvalidOperationException($"the latency job ended {end.State}: {end.Message}");
            }

            if (sampler is not null)
            {
                lock (samples)
                {
                    Console.Error.WriteLine(label + ": " + string.Join(" ", samples.Chunk(25).Select(c => (int)c.Average())));
                }
            }

            // Every row answered once: the simulator has counted them all by the time the job says it completed.
            var seconds = Stopwatch.GetElapsedTime(await firstArrival, await lastAnswer.WaitAsync(TimeSpan.FromSeconds(10))).TotalSeconds;
            var cpuMs = (CpuTime(daemon) - cpu).TotalMilliseconds;
            results.Add(new Run(label, seconds, sim.Stats.MaxConcurrent, sim.Stats.TotalRequestTime.TotalSeconds / seconds,
                sim.Stats.TotalRequestTime.TotalMilliseconds / Math.Max(1, sim.Stats.TotalRequests), cpuMs / rows, Stopwatch.GetElapsedTime(await firstArrival, await full).TotalMilliseconds));
        }

        await client.ShutdownAsync();
        await daemon.WaitForExitAsync();
        return results;
    }

    private static bool _providerWarm;

    // A provider is not a process that starts with the job: the simulator's own code is compiled (JIT) before the first
    // measured run, so "cold" measures the daemon's first job and nothing else.
    private static async Task WarmProviderAsync()
    {
        if (_providerWarm)
        {
            return;
        }

        _providerWarm = true;
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, CountByQuestion = false });
        using var http = new HttpClient();
        var url = new Uri(sim.BaseUrl + "/chat/completions");
        await Parallel.ForAsync(0, 5000, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var body = $$"""{"model":"warm","stream":{{(i % 2 == 0 ? "true" : "false")}},"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Warm-up question {{i}}?"}]}""";
            using var response = await http.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
        });
    }

    private static TimeSpan CpuTime(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }
}
