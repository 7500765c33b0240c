using System.Diagnostics;
using System.Globalization;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>The cells of the fault matrix that run one daemon for a baseline and a faulted job (the kill cell is <see cref="KillCell"/>).</summary>
internal static class FaultCells
{
    private static readonly TimeSpan Ttft = TimeSpan.FromMilliseconds(200);

    /// <summary>30 % of first attempts faulted, every retry answered: 10 % isolated 429s (Retry-After 1 s, remaining high), 10 % 500, 5 % 503, 5 % cut streams.</summary>
    public static async Task<FaultCellResult> FaultedAttemptsAsync(string work, TimeSpan cap)
    {
        const int rows = 2000, concurrency = 100;
        // A limit far from spent, stated in OpenAI's headers, so the 429s say "remaining high" as OpenAI's isolated ones do.
        var options = new SimulatorOptions { TimeToFirstToken = Ttft, RequestsPerWindow = 1_000_000, RetryAfter = TimeSpan.FromSeconds(1) };
        var plain = FaultJob.Questions("faulted-attempts", rows);
        string[] directives = ["[[sim:429x1]]", "[[sim:429x1]]", "[[sim:500x1]]", "[[sim:500x1]]", "[[sim:503x1]]", "[[sim:cutx1]]"];
        var faulted = plain.Select((q, i) => i % 20 < directives.Length ? $"{q} {directives[i % 20]}" : q).ToList();
        await using var sim = await SimulatorServer.StartAsync(options);
        await using var daemon = await DaemonSession.StartAsync(DataDir(work));
        var baseline = await FaultJob.RunAsync(daemon, sim, work, "faulted-attempts-baseline", plain, concurrency, cap);
        var run = await FaultJob.RunAsync(daemon, sim, work, "faulted-attempts", faulted, concurrency, cap);
        return new FaultCellResult("30% faulted first attempts (target ≤ 2x)", rows, run.Seconds, baseline.Seconds, null, run.RateLimitedShare, run.Failed, run.Exact,
            Note(run, baseline));
    }

    /// <summary>250 requests in any 5 s (50/s), stated in OpenAI's headers or not at all; the fault-free time is the limit's: rows ÷ 50/s.</summary>
    public static async Task<FaultCellResult> WindowLimitAsync(string work, TimeSpan cap, RateLimitHeaderStyle headers)
    {
        const int rows = 1500, concurrency = 100, perWindow = 250;
        var window = TimeSpan.FromSeconds(5);
        var rate = perWindow / window.TotalSeconds;
        var options = new SimulatorOptions { TimeToFirstToken = Ttft, RequestsPerWindow = perWindow, RateLimitWindow = window, RateLimitHeaders = headers };
        await using var sim = await SimulatorServer.StartAsync(options);
        await using var daemon = await DaemonSession.StartAsync(DataDir(work));
        var name = headers == RateLimitHeaderStyle.None ? "window-no-headers" : "window-headers";
        var run = await FaultJob.RunAsync(daemon, sim, work, name, FaultJob.Questions(name, rows), concurrency, cap);
        var share = sim.Stats.CompletedRequests / run.Seconds / rate;
        var label = headers == RateLimitHeaderStyle.None
            ? "250 per sliding 5 s, no headers (target ≥ 85% used)"
            : "250 per sliding 5 s, OpenAI headers (target ≥ 95% used, < 2% 429)";
        return new FaultCellResult(label, rows, run.Seconds, rows / rate, share, run.RateLimitedShare, run.Failed, run.Finished ? run.Exact : null,
            $"{run.Note}{Sep(run.Note)}peak {sim.Stats.PeakRequestsInWindow} in a window; fault-free = rows at 50/s");
    }

    /// <summary>A queueing server of capacity 50 without headers: the job's throughput against the best of fixed-concurrency runs.</summary>
    public static async Task<FaultCellResult> QueueAsync(string work, TimeSpan cap)
    {
        const int rows = 2000, capacity = 50, asked = 1000;
        var options = new SimulatorOptions { TimeToFirstToken = Ttft, QueueCapacity = capacity, RateLimitHeaders = RateLimitHeaderStyle.None };
        await using var sim = await SimulatorServer.StartAsync(options);
        await using var daemon = await DaemonSession.StartAsync(DataDir(work));
        var questions = FaultJob.Questions("queue", rows);
        var best = (Concurrency: 0, RowsPerSecond: 0.0);
        var fixedRuns = new List<string>();
        foreach (var concurrency in new[] { 25, 50, 100 })
        {
            var fixedRun = await FaultJob.RunAsync(daemon, sim, work, $"queue-{concurrency}", questions, concurrency, cap);
            var rowsPerSecond = fixedRun.Done / fixedRun.Seconds;
            fixedRuns.Add(string.Create(CultureInfo.InvariantCulture, $"{concurrency}: {rowsPerSecond:0} rows/s"));
            best = rowsPerSecond > best.RowsPerSecond ? (concurrency, rowsPerSecond) : best;
        }
        var run = await FaultJob.RunAsync(daemon, sim, work, "queue", questions, asked, cap);
        var meanLatencyMs = sim.Stats.TotalRequestTime.TotalMilliseconds / Math.Max(1, sim.Stats.TotalRequests);
        return new FaultCellResult($"queueing server, capacity {capacity}, no headers, job asks {asked} (target ≥ 90% of best, no timeouts)", rows, run.Seconds,
            rows / best.RowsPerSecond, (run.Done / run.Seconds) / best.RowsPerSecond, run.RateLimitedShare, run.Failed, run.Exact,
            $"{run.Note}{Sep(run.Note)}share = of the best fixed run ({string.Join(", ", fixedRuns)}); max {sim.Stats.MaxConcurrent} held (the first round), {sim.Stats.MaxQueued} queued, mean {sim.Stats.TotalRequestTime.TotalSeconds / run.Seconds:0} held (Little's law), mean latency {meanLatencyMs:0} ms");
    }

    /// <summary>An outage of BENCH_OUTAGE_SECONDS (60) once half the rows are answered; every request meanwhile gets 500.</summary>
    public static async Task<FaultCellResult> OutageAsync(string work, TimeSpan cap)
    {
        const int rows = 2000, concurrency = 100;
        var outage = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("BENCH_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 60);
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = Ttft });
        await using var daemon = await DaemonSession.StartAsync(DataDir(work));
        var questions = FaultJob.Questions("outage", rows);
        var baseline = await FaultJob.RunAsync(daemon, sim, work, "outage-baseline", questions, concurrency, cap);
        double? progressAfter = null;
        var run = await FaultJob.RunAsync(daemon, sim, work, "outage", questions, concurrency, cap, async _ =>
        {
            using var giveUp = new CancellationTokenSource(cap);
            await sim.Stats.WaitUntilAsync(st => st.CompletedRequests >= rows / 2, giveUp.Token);
            sim.StartOutage(outage);
            await Task.Delay(outage, giveUp.Token);
            var recovered = Stopwatch.StartNew();
            var answered = sim.Stats.CompletedRequests;
            await sim.Stats.WaitUntilAsync(st => st.CompletedRequests > answered || st.CompletedRequests >= rows, giveUp.Token);
            progressAfter = recovered.Elapsed.TotalSeconds;
        });
        return new FaultCellResult($"{outage.TotalSeconds:0} s outage mid-job (targets: 0 failed, progress ≤ 10 s after recovery)", rows, run.Seconds, baseline.Seconds + outage.TotalSeconds,
            null, run.RateLimitedShare, run.Failed, run.Exact,
            $"{run.Note}{Sep(run.Note)}progress {progressAfter?.ToString("0.0", CultureInfo.InvariantCulture) ?? "?"} s after recovery; {sim.Stats.OutageRequests:N0} requests hit the outage; fault-free = baseline + outage");
    }

    /// <summary>2 % of requests accepted then silent; the fault-free time is the ideal, 200 rows ÷ 20 in flight × 200 ms = 2 s.</summary>
    public static async Task<FaultCellResult> HungAsync(string work, TimeSpan cap)
    {
        const int rows = 200, concurrency = 20;
        var ideal = rows / (double)concurrency * Ttft.TotalSeconds;
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = Ttft });
        await using var daemon = await DaemonSession.StartAsync(DataDir(work));
        var plain = FaultJob.Questions("hung", rows);
        var baseline = await FaultJob.RunAsync(daemon, sim, work, "hung-baseline", plain, concurrency, cap);
        var hung = plain.Select((q, i) => i % 50 == 7 ? q + " [[sim:hangx1]]" : q).ToList();
        var run = await FaultJob.RunAsync(daemon, sim, work, "hung", hung, concurrency, cap);
        return new FaultCellResult("2% hung, 20 in flight (target < 10x ideal)", rows, run.Seconds, ideal, null, run.RateLimitedShare, run.Failed, run.Exact,
            string.Create(CultureInfo.InvariantCulture, $"{run.Note}{Sep(run.Note)}fault-free = ideal; the same job without hangs took {baseline.Seconds:0.0} s"));
    }

    private static string Note(FaultJob.Result run, FaultJob.Result baseline) =>
        baseline.Exact ? run.Note : $"{run.Note}{Sep(run.Note)}baseline: {baseline.Note}";

    private static string Sep(string note) => note.Length > 0 ? "; " : "";

    private static string DataDir(string work) => Path.Combine(work, "faults-data-" + Guid.NewGuid().ToString("N")[..6]);
}
