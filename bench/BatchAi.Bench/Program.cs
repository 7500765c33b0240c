using System.Diagnostics;
using System.Globalization;
using BatchAi.Bench;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

// batchai benchmarks: each figure is a ratio or a rate measured on this machine against the
// project's simulator on 127.0.0.1, so it holds on a noisy machine. Run:
//   dotnet run -c Release --project bench/BatchAi.Bench -- [concurrency|ledger|ingest|clean|latency-process|structured|latency|rate|overhead|streaming|memory|generate|parquet|all]
//   BENCH_REPEATS=3 ... -- latency-process   (each warm run three times; BENCH_TIMELINE=1 prints the requests at the provider)
//   BENCH_STRUCTURED_ROWS=N ... -- structured   (default 10,000 rows, with a schema against without)
//   dotnet run -c Release --project bench/BatchAi.Bench -- generate [--count N]   (default 20,000 questions)
//   dotnet run -c Release --project bench/BatchAi.Bench -- batch [--rows N] [--kill-rows N]   (batch mode; default 1,000,000 rows, kills at 100,000; not part of "all")
//   dotnet run -c Release --project bench/BatchAi.Bench -- soak [--minutes N]   (not part of "all": it runs for minutes)
//   dotnet run -c Release --project bench/BatchAi.Bench -- faults [--cell NAME]   (not part of "all"; BENCH_CELL_TIMEOUT=300, BENCH_OUTAGE_SECONDS=60)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var scenario = args.FirstOrDefault() ?? "all";
if (scenario == "parquet-export")
{
    // A child of the parquet scenario: one export in a fresh process (ParquetBench).
    await ParquetBench.ExportOneAsync(args[1], args[2], args[3], args[4]);
    return;
}

var work = Path.Combine(Path.GetTempPath(), "batchai-bench-" + Guid.NewGuid().ToString("N")[..6]);
Directory.CreateDirectory(work);
try
{
    if (scenario is "concurrency" or "all")
    {
        await ConcurrencyAsync();
    }

    if (scenario is "ledger" or "all")
    {
        await LedgerAsync();
    }

    if (scenario is "ingest" or "all")
    {
        await IngestAsync();
    }

    if (scenario is "latency" or "all")
    {
        await LatencyBoundAsync();
    }

    if (scenario is "latency-process" or "all")
    {
        await LatencyProcessAsync();
    }

    if (scenario is "structured" or "all")
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("BENCH_STRUCTURED_ROWS"), out var n1) ? n1 : 10_000;
        await StructuredBench.RunAsync(work, WriteCsv("structured.csv", rows), rows);
    }

    if (scenario is "rate" or "all")
    {
        await RateBoundAsync();
    }

    if (scenario is "overhead" or "all")
    {
        await OverheadBoundAsync();
    }

    if (scenario is "streaming" or "all")
    {
        await StreamingBench.RunAsync(work);
    }

    if (scenario is "memory" or "all")
    {
        await MemoryAsync();
    }

    if (scenario is "parquet" or "all")
    {
        await ParquetBench.RunAsync(work);
    }

    if (scenario is "clean" or "all")
    {
        await CleanBench.RunAsync(work);
    }

    if (scenario is "generate" or "all")
    {
        var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).FirstOrDefault(20_000);
        await GenerateBench.RunAsync(work, count);
    }

    if (scenario is "batch")
    {
        var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).FirstOrDefault(1_000_000);
        var killRows = args.SkipWhile(a => a != "--kill-rows").Skip(1).Select(int.Parse).FirstOrDefault(Math.Min(rows, 100_000));
        await BatchBench.RunAsync(work, WriteCsv, rows, killRows);
    }

    if (scenario is "faults")
    {
        await FaultsBench.RunAsync(work, args.SkipWhile(a => a != "--cell").Skip(1).FirstOrDefault());
    }

    if (scenario is "soak")
    {
        var minutes = args.SkipWhile(a => a != "--minutes").Skip(1).Select(double.Parse).FirstOrDefault(3);
        await Soak.RunAsync(work, minutes);
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

async Task ConcurrencyAsync()
{
    // Each request takes 100 ms at the simulator; one at a time that is 10 rows/s. With N in flight it should be about N times that.
    const int rows = 400;
    var input = WriteCsv("concurrency.csv", rows);
    var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(100), TokensPerSecond = 0 };
    Console.WriteLine($"## concurrency: {rows} rows, 100 ms per request at the simulator");
    Console.WriteLine("| concurrency | seconds | rows/s | speed-up vs 1 | max in flight seen by the provider |");
    Console.WriteLine("|---|---|---|---|---|");
    double? baseline = null;
    foreach (var concurrency in new[] { 1, 10, 50, 200 })
    {
        var n = concurrency == 1 ? 50 : rows;
        var file = concurrency == 1 ? WriteCsv("c1.csv", n) : input;
        var r = await BenchJob.RunAsync(file, concurrency, options, work);
        baseline ??= r.RowsPerSecond;
        Console.WriteLine($"| {concurrency} | {r.Seconds:0.00} | {r.RowsPerSecond:0.0} | {r.RowsPerSecond / baseline:0.0}x | {r.MaxConcurrent} |");
    }

    Console.WriteLine();
}

async Task LedgerAsync()
{
    const int rows = 100_000;
    Console.WriteLine($"## ledger: {rows:N0} rows through the single grouped writer");
    await using var ledger = JobLedger.Open(Path.Combine(work, "ledger"), _ => { });
    await ledger.InsertJobAsync(new JobRecord("j", StoredJobState.Running, "in", "out", "jsonl", "m", "u", "{}", 0, false, DateTimeOffset.UtcNow, null, null, null));
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < rows; i += 500)
    {
        await ledger.InsertRowsAsync("j", Enumerable.Range(i, 500).Select(k => new RowInsert(k, "question " + k, null)).ToArray(), i + 500, false);
    }

    var insert = clock.Elapsed.TotalSeconds;
    var before = ledger.Writer.Commits;
    clock.Restart();
    var writes = new List<Task>(rows);
    for (var i = 0; i < rows; i++)
    {
        ledger.MarkInFlight("j", i, DateTimeOffset.UtcNow);
        writes.Add(ledger.CompleteAsync(new RowResult("j", i, RowState.Done, 1, "an answer of a few words " + i, null, 10, 20, "stop", null, DateTimeOffset.UtcNow, 5)));
    }

    await Task.WhenAll(writes);
    var complete = clock.Elapsed.TotalSeconds;
    Console.WriteLine("| step | rows/s | commits |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| ingest (batches of 500) | {rows / insert:N0} | {before} |");
    Console.WriteLine($"| in flight + answer stored, each awaited for its commit | {rows / complete:N0} | {ledger.Writer.Commits - before} |");
    Console.WriteLine();
}

async Task IngestAsync()
{
    const int rows = 1_000_000;
    var input = WriteCsv("million.csv", rows);
    Console.WriteLine($"## ingest: a {new FileInfo(input).Length / (1024 * 1024)} MB CSV of {rows:N0} rows, cancelled after the first requests");
    var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) };
    await using var sim = await SimulatorServer.StartAsync(options);
    await using var host = await BatchAi.Daemon.Hosting.DaemonHost.StartAsync(Path.Combine(work, "ingest"), new BatchAi.Daemon.Jobs.DaemonSettings(), _ => { });
    var clock = Stopwatch.StartNew();
    var first = sim.Stats.WaitUntilAsync(s => s.TotalRequests > 0, CancellationToken.None);
    var started = await host.Jobs.StartAsync(new StartJobParams(input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), Concurrency: 64), null, CancellationToken.None);
    await first;
    var firstMs = clock.Elapsed.TotalMilliseconds;
    while (!host.Jobs.Get(started.JobId).Counts.TotalKnown)
    {
        await Task.Delay(100);
    }

    var ingestSeconds = clock.Elapsed.TotalSeconds;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
    var done = host.Jobs.Get(started.JobId).Counts.Done;
    await host.Jobs.CancelAsync(started.JobId);
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| first request sent after startJob | {firstMs:0} ms |");
    Console.WriteLine($"| whole file in the ledger | {ingestSeconds:0.0} s ({rows / ingestSeconds:N0} rows/s, while {done:N0} rows were answered) |");
    Console.WriteLine($"| peak working set of the process | {peak} MB |");
    Console.WriteLine();
}

// 1,000 in flight, 500 ms to first token: the ideal is 1,000 / 0.5 s = 2,000 rows/s, so 20,000 rows in 10 s.
const int LatencyRows = 20_000, LatencyInFlight = 1000, LatencyTtftMs = 500;

// The latency-bound runs, the same in both scenarios, grouped by answer length. The length sets the CPU per row (one SSE
// event per word): the default 8-40 words, and 2-4 words where the latency, not the CPU, should bound the job. The first job
// of a process pays for compiling the code it runs (JIT), so each length starts cold, then runs warm `repeats` times with
// one fixed delay and as many with the same mean spread ±10 %: with one fixed delay every request of a wave answers in the
// same millisecond and the next wave leaves as the CPU gets through them, and a provider's delays vary.
IEnumerable<List<(string Label, SimulatorOptions Options)>> LatencyRuns(int repeats)
{
    var ttft = TimeSpan.FromMilliseconds(LatencyTtftMs);
    foreach (var (min, max) in new[] { (8, 40), (2, 4) })
    {
        var spreads = new[] { ("cold", TimeSpan.Zero) }.Concat(Enumerable.Repeat(("warm", TimeSpan.Zero), repeats)).Concat(Enumerable.Repeat(("warm", ttft / 10), repeats));
        yield return spreads.Select(run =>
        {
            var (process, spread) = run;
            var delay = spread == TimeSpan.Zero ? $"{ttft.TotalMilliseconds:0} ms" : $"{ttft.TotalMilliseconds:0} ± {spread.TotalMilliseconds:0} ms";
            return ($"| {min}-{max} | {delay} | {process} ", new SimulatorOptions { TimeToFirstToken = ttft, TimeToFirstTokenJitter = spread, MinAnswerTokens = min, MaxAnswerTokens = max });
        }).ToList();
    }
}

async Task LatencyBoundAsync()
{
    // The daemon's composition and the simulator in this one process: they share the GC and the thread pool (the harsher case).
    var input = WriteCsv("latency.csv", LatencyRows);
    var ideal = LatencyInFlight * 1000.0 / LatencyTtftMs;
    Console.WriteLine($"## latency-bound: {LatencyRows:N0} rows, {LatencyInFlight} in flight, time to first token {LatencyTtftMs} ms");
    Console.WriteLine("| answer length (words) | time to first token | process | rows/s, whole job | rows/s, first request to last answer | ideal rows/s | ratio | max in flight seen by the provider | mean in flight at the provider | mean latency at the provider | CPU ms per row | KB allocated per row |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var (label, options) in LatencyRuns(repeats: 1).SelectMany(runs => runs))
    {
        var r = await BenchJob.RunAsync(input, LatencyInFlight, options, work);
        Console.WriteLine($"{label}| {r.RowsPerSecond:0} | {r.RequestPhaseRowsPerSecond:0} | {ideal:0} | {r.RequestPhaseRowsPerSecond / ideal:P1} | {r.MaxConcurrent} | {r.ProviderInFlight:0} | {r.ProviderLatencyMs:0} ms | {r.CpuSeconds * 1000 / Math.Max(1, r.Done):0.00} | {r.AllocatedKbPerRow:0.0} |");
    }

    Console.WriteLine();
}

async Task LatencyProcessAsync()
{
    // The same job as LatencyBoundAsync, as a user runs it: the real daemon executable in a process of its own (one per answer
    // length, so its first job is cold), the simulator in this one.
    var input = WriteCsv("latency-process.csv", LatencyRows);
    var ideal = LatencyInFlight * 1000.0 / LatencyTtftMs;
    var repeats = int.TryParse(Environment.GetEnvironmentVariable("BENCH_REPEATS"), out var n0) ? n0 : 1;
    Console.WriteLine($"## latency-bound, the daemon in its own process: {LatencyRows:N0} rows, {LatencyInFlight} in flight, time to first token {LatencyTtftMs} ms");
    Console.WriteLine("| answer length (words) | time to first token | daemon | rows/s, first request to last answer | ideal rows/s | ratio | max in flight seen by the provider | mean in flight at the provider | mean latency at the provider | daemon CPU ms per row | first request to the 1,000th |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
    foreach (var runs in LatencyRuns(repeats))
    {
        foreach (var r in await LatencyProcessBench.RunAsync(work, input, LatencyRows, LatencyInFlight, runs))
        {
            Console.WriteLine($"{r.Label}| {LatencyRows / r.Seconds:0} | {ideal:0} | {LatencyRows / r.Seconds / ideal:P1} | {r.MaxConcurrent} | {r.ProviderInFlight:0} | {r.ProviderLatencyMs:0} ms | {r.CpuMsPerRow:0.00} | {r.RampMs:0} ms |");
        }
    }

    Console.WriteLine();
}

async Task RateBoundAsync()
{
    // The simulator allows `rpm` requests in any sliding minute and answers 429 beyond; the job is not told the limit:
    // it learns it from the x-ratelimit-* headers. Two minutes of work at the limit.
    var rpm = int.TryParse(Environment.GetEnvironmentVariable("BENCH_RPM"), out var r0) ? r0 : 1200;
    var rows = rpm * 2;
    var input = WriteCsv("rate.csv", rows);
    var r = await BenchJob.RunAsync(input, 64, new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(50), RequestsPerMinute = rpm }, work);
    var limitPerSecond = rpm / 60.0;
    Console.WriteLine($"## rate-bound: {rows:N0} rows, simulator limit {rpm} requests/minute (429 beyond), 64 in flight allowed, limit not configured");
    Console.WriteLine("| rows/s | limit rows/s | ratio | requests | 429s | 429 share | seconds |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Console.WriteLine($"| {r.RowsPerSecond:0.0} | {limitPerSecond:0.0} | {r.RowsPerSecond / limitPerSecond:P1} | {r.Requests} | {r.RateLimited} | {(double)r.RateLimited / r.Requests:P2} | {r.Seconds:0.0} |");
    Console.WriteLine();
}

async Task OverheadBoundAsync()
{
    // No latency at the simulator: what is left is the daemon's own cost (SDK, HTTP, SSE parsing, ledger commits, notifications).
    const int rows = 20_000;
    var input = WriteCsv("overhead.csv", rows);
    Console.WriteLine($"## overhead-bound: {rows:N0} rows, zero latency, 64 in flight, SQLite ledger on");
    Console.WriteLine("| watcher | rows/s | CPU ms per row (daemon + in-process simulator) | token messages delivered | seconds |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var streaming in new[] { false, true })
    {
        var r = await BenchJob.RunAsync(input, 64, new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, work, watchTokens: streaming);
        Console.WriteLine($"| {(streaming ? "subscribed to every row's tokens" : "none")} | {r.RowsPerSecond:0} | {r.CpuSeconds * 1000 / r.Done:0.00} | {r.TokenMessages:N0} | {r.Seconds:0.0} |");
    }

    Console.WriteLine();
}

async Task MemoryAsync()
{
    // Peak memory must not grow with the number of rows: a 100,000-row job answered whole, and a 1,000,000-row job
    // read whole into the ledger and answered for as long as the budget allows (then cancelled, which also writes its output).
    var budget = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("BENCH_MEMORY_SECONDS"), out var s0) ? s0 : 120);
    Console.WriteLine($"## memory: peak working set (sampled every 50 ms), zero latency, 64 in flight");
    Console.WriteLine("| rows in the input | rows answered | seconds | peak working set | peak managed heap | managed heap at the end, after a full GC |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var rows in new[] { 100_000, 1_000_000 })
    {
        var input = WriteCsv($"memory-{rows}.csv", rows);
        // The simulator runs in this process: its per-question counts would keep every distinct question and be measured as ours.
        var sim = new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, CountByQuestion = false };
        var r = await BenchJob.RunAsync(input, 64, sim, work, stopAfter: budget);
        Console.WriteLine($"| {rows:N0} | {r.Done:N0} | {r.Seconds:0} | {r.PeakWorkingSetMb} MB | {r.PeakManagedMb} MB | {r.ManagedAfterMb} MB |");
        GC.Collect();
    }

    Console.WriteLine();
}

string WriteCsv(string name, int count)
{
    var path = Path.Combine(work, name);
    using var writer = new StreamWriter(path);
    writer.WriteLine("id,question");
    for (var i = 0; i < count; i++)
    {
        writer.Write(i);
        writer.Write(",Question number ");
        writer.Write(i);
        writer.WriteLine(" about something worth asking?");
    }

    return path;
}
