using System.Diagnostics;
using System.Text.Json;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// Structured answers at the latency bound (issue 16): the harness of <see cref="LatencyProcessBench"/> (the real daemon
/// executable in a process of its own, the simulator in this one, 500 ms to first token, 1,000 in flight), one job with a
/// JSON Schema whose first answers are invalid for a tenth of the rows (each re-asked once), against the same job without
/// one. The ideal is taken for the requests the job needed (rows + re-asks), so the ratio shows what re-asks cost beyond
/// their own requests: a re-ask can leave only once its row's first answer is in. A third job is the whole check of issue 16:
/// the schema, three samples a row (one request with <c>n</c>, as OpenAI takes it) and a judge scoring each answer, whose
/// calls can leave only once their answer is in.
/// </summary>
internal static class StructuredBench
{
    private const int InFlight = 1000, TtftMs = 500;
    private const double InvalidRate = 0.1;

    private const int Samples = 3;

    private sealed record Run(string Label, long Requests, double Seconds, double CpuMs, int Failed, long Answers = 0, long Judged = 0);

    private sealed record Kind(string Label, bool Structured, bool Checked);

    public static async Task RunAsync(string work, string input, int rows)
    {
        var dll = Environment.GetEnvironmentVariable("BENCH_DAEMON_DLL") ?? Path.Combine(AppContext.BaseDirectory, "batchai.dll");
        var pipeName = "batchai-structured-" + Guid.NewGuid().ToString("N")[..8];
        using var daemon = DaemonProcess.Start(dll, pipeName, Path.Combine(work, "structured-data-" + Guid.NewGuid().ToString("N")[..6]));
        var log = new DaemonProcess.Log(daemon);
        await log.WaitForAsync("serving JSON-RPC on pipe", 1, TimeSpan.FromSeconds(30));
        await using var client = await SoakClient.ConnectAsync(pipeName, CancellationToken.None);
        var schema = new ResponseFormatOptions(JsonDocument.Parse(
            """{"type":"object","properties":{"sentiment":{"enum":["positive","negative","neutral"]},"score":{"type":"integer"}},"required":["sentiment","score"]}""").RootElement);
        // The first job of the daemon pays for the JIT: one cold job of each kind, then each kind warm, alternated.
        Kind plain = new("plain", false, false), structured = new("structured", true, false), full = new($"schema + {Samples} samples + judge", true, true);
        var plan = new[] { (plain, false), (structured, false), (full, false), (plain, true), (structured, true), (full, true), (plain, true), (structured, true), (full, true) };
        var results = new List<Run>();
        foreach (var (kind, warm) in plan)
        {
            var label = kind.Label;
            var r = await OneAsync(client, daemon, work, input, rows, kind.Structured ? schema : null, kind.Checked, results.Count);
            if (warm)
            {
                results.Add(r with { Label = label });
            }
            else
            {
                results.Add(r with { Label = label + " (cold, not counted)" });
            }
        }

        await client.ShutdownAsync();
        await daemon.WaitForExitAsync();
        Print(rows, results);
    }

    private static void Print(int rows, IReadOnlyList<Run> results)
    {
        var plainCpu = results.Where(r => r.Label == "plain").Average(r => r.CpuMs / r.Requests);
        Console.WriteLine($"## structured: {rows:N0} rows, {InFlight} in flight, time to first token {TtftMs} ms, schema job's first answers invalid for {InvalidRate:P0} of rows");
        Console.WriteLine("| job | requests (beyond one a row: re-asks, judge calls) | answers / judged | failed rows | seconds, first request to last answer | ideal seconds for those requests | ratio to ideal | daemon CPU ms per request | CPU per request vs plain (warm mean) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var ideal = r.Requests / (InFlight * 1000.0 / TtftMs);
            Console.WriteLine($"| {r.Label} | {r.Requests:N0} ({rows:N0} + {r.Requests - rows:N0}) | {(r.Answers > 0 ? $"{r.Answers:N0} / {r.Judged:N0}" : "-")} | {r.Failed} | {r.Seconds:0.00} | {ideal:0.00} | {ideal / r.Seconds:P1} | {r.CpuMs / r.Requests:0.000} | {r.CpuMs / r.Requests / plainCpu:0.00}x |");
        }

        Console.WriteLine();
    }

    private static async Task<Run> OneAsync(SoakClient client, Process daemon, string work, string input, int rows, ResponseFormatOptions? format, bool full, int n)
    {
        var options = new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(TtftMs), CountByQuestion = false, InvalidJsonRate = format is null ? 0 : InvalidRate,
        };
        await using var sim = await SimulatorServer.StartAsync(options);
        var firstArrival = sim.Stats.WaitUntilAsync(s => s.TotalRequests > 0).ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
        // The last answer's time: re-asks leave after their row's first answer, so no count known beforehand marks the end.
        long lastCompleted = 0, lastStamp = 0;
        using var sampler = new Timer(_ =>
        {
            var completed = sim.Stats.CompletedRequests;
            if (completed != Interlocked.Read(ref lastCompleted))
            {
                Interlocked.Exchange(ref lastCompleted, completed);
                Interlocked.Exchange(ref lastStamp, Stopwatch.GetTimestamp());
            }
        }, null, 0, 5);
        daemon.Refresh();
        var cpu = daemon.TotalProcessorTime;
        var jobId = await client.StartJobAsync(new StartJobParams(
            input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), Path.Combine(work, $"structured-{n}.jsonl"), Concurrency: InFlight, Cache: false, ResponseFormat: format,
            Samples: full ? Samples : null, Judge: full ? new JudgeOptions(JudgeRubrics.Helpfulness) : null));
        var end = await client.WaitForEndAsync(jobId, TimeSpan.FromMinutes(5));
        if (end.State != JobState.Completed)
        {
            throw new InvalidOperationException($"the structured bench job ended {end.State}: {end.Message}");
        }

        daemon.Refresh();
        var cpuMs = (daemon.TotalProcessorTime - cpu).TotalMilliseconds;
        await Task.Delay(50);
        var info = await client.GetJobAsync(jobId);
        var seconds = Stopwatch.GetElapsedTime(await firstArrival, Interlocked.Read(ref lastStamp)).TotalSeconds;
        return new Run("", sim.Stats.TotalRequests, seconds, cpuMs, (int)info.Counts.Failed, info.Counts.Answers, info.Counts.Judged);
    }
}
