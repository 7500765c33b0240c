using System.Diagnostics;
using System.Text.Json;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// A batch-mode job (issue 15) against the simulator's Files and Batches API: request files written and uploaded at disk
/// speed (MB/s, from the input read whole to the last file uploaded), the daemon's peak memory (sampled), every row once in
/// the export; then the daemon killed at each step of its batches and resumed, with the uploads and batches the simulator saw.
/// </summary>
internal static class BatchBench
{
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(60);

    private static readonly string[] Points = ["batch-written", "batch-recorded", "batch-uploaded", "batch-created", "batch-polled", "batch-folding"];

    public static async Task RunAsync(string work, Func<string, int, string> writeCsv, int rows, int killRows)
    {
        Console.WriteLine($"## batch: {rows:N0} rows in batch mode (files of 50,000 lines), then the daemon killed at each step ({killRows:N0} rows each)");
        var input = writeCsv("batch.csv", rows);
        var run = await RunJobAsync(work, "batch", input, rows, crashAt: null);
        Console.WriteLine("| rows | files | MB uploaded | write+upload s | MB/s | folded lines/s | peak daemon MB | every row once | uploads | batches | total s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {rows:N0} | {run.Files} | {run.MegabytesUploaded:0.0} | {run.WriteUploadSeconds:0.0} | {run.MegabytesUploaded / Math.Max(0.001, run.WriteUploadSeconds):0.0} | {run.FoldRate:N0} | {run.PeakMb} | {run.Exact} | {run.Uploads} | {run.Batches} | {run.Seconds:0.0} |");
        Console.WriteLine($"(the disk here: {DiskMegabytesPerSecond(work):0} MB/s written and flushed, as the daemon writes its files)");

        Console.WriteLine();
        Console.WriteLine("| killed at | files | uploads seen | batches seen | one of each per file | every row once | peak daemon MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var killInput = writeCsv("batch-kill.csv", Math.Max(1, killRows));
        foreach (var point in killRows > 0 ? Points : [])
        {
            var cell = await RunJobAsync(work, point, killInput, killRows, point);
            Console.WriteLine($"| {point} | {cell.Files} | {cell.Uploads} | {cell.Batches} | {cell.Uploads == cell.Files && cell.Batches == cell.Files} | {cell.Exact} | {cell.PeakMb} |");
        }
    }

    private sealed record Run(int Files, double MegabytesUploaded, double WriteUploadSeconds, long PeakMb, bool Exact, long Uploads, long Batches, double Seconds,
        double FoldRate);

    /// <summary>200 MB written in 1 MB writes and flushed to disk: what "disk speed" is on this machine.</summary>
    private static double DiskMegabytesPerSecond(string work)
    {
        var path = Path.Combine(work, "disk.bin");
        var block = new byte[1 << 20];
        Random.Shared.NextBytes(block);
        var clock = Stopwatch.StartNew();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            for (var i = 0; i < 200; i++)
            {
                file.Write(block);
            }

            file.Flush(flushToDisk: true);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(path);
        return 200 * 1.048576 / seconds;
    }

    /// <summary>Lines folded a second, over the time the daemon spent folding (its "folded: N answered, ..., in S s" lines).</summary>
    private static double FoldRate(DaemonProcess.Log log)
    {
        double lines = 0, seconds = 0;
        foreach (var line in log.Matching(" folded: "))
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"folded: ([\d,]+) answered, ([\d,]+) failed, ([\d,]+) to send again, in ([\d.]+) s");
            if (match.Success)
            {
                lines += Enumerable.Range(1, 3).Sum(g => double.Parse(match.Groups[g].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
                seconds += double.Parse(match.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return seconds > 0 ? lines / seconds : 0;
    }

    private static async Task<Run> RunJobAsync(string work, string name, string input, int rows, string? crashAt)
    {
        var options = new SimulatorOptions
        {
            // OpenAI takes a minute or more to validate a 50,000-line file. Here 30 s keeps the simulator's fleet (which runs on
            // this machine's two cores, where a real provider's does not) off the CPU while the daemon writes and uploads;
            // BENCH_VALIDATION=0.2 measures the daemon sharing the cores with it. The kill cells measure no speed: 200 ms, so
            // that the polls, quick still, see each batch in progress (the batch-polled point).
            BatchValidationTime = crashAt is not null ? TimeSpan.FromMilliseconds(200)
                : TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_VALIDATION") ?? "30", System.Globalization.CultureInfo.InvariantCulture)),
            BatchCompletionTime = TimeSpan.FromSeconds(2),
            BatchFinalizingTime = TimeSpan.FromMilliseconds(200),
            // Counting every custom_id would cost the benchmark's memory at a million rows; the export is checked instead.
            CountByQuestion = false,
        };
        await using var sim = await SimulatorServer.StartAsync(options);
        var dataDir = Path.Combine(work, name + "-data");
        var output = Path.Combine(work, name + ".out.jsonl");
        var clock = Stopwatch.StartNew();
        var daemon = await DaemonSession.StartAsync(dataDir, crashAt is null ? null : new Dictionary<string, string> { ["BATCHAI_TEST_CRASH_AT"] = crashAt });
        var peak = 0L;
        using var sampling = new CancellationTokenSource();
        var sampler = SampleAsync(() => daemon, p => peak = Math.Max(peak, p), sampling.Token);
        try
        {
            var jobId = await daemon.Client.StartJobAsync(new StartJobParams(input, new ProviderConfig(sim.BaseUrl.ToString(), "bench"), output,
                Cache: false, Mode: JobModes.Batch, Batch: new BatchOptions(PollSeconds: 0.2)));
            var uploadSeconds = 0.0;
            if (crashAt is null)
            {
                var files = (rows + 49_999) / 50_000;
                await WaitForAsync(async () => (await daemon.Client.GetJobAsync(jobId)).Counts.TotalKnown);
                var read = clock.Elapsed;
                await sim.Stats.WaitUntilAsync(s => s.FileUploads >= files, new CancellationTokenSource(Cap).Token);
                uploadSeconds = (clock.Elapsed - read).TotalSeconds;
            }
            else
            {
                await daemon.WaitForExitAsync(Cap);
                await daemon.DisposeAsync();
                daemon = await DaemonSession.StartAsync(dataDir);
                await daemon.Client.ResumeJobAsync(jobId);
            }

            var end = await daemon.Client.WaitForEndAsync(jobId, Cap);
            var job = await daemon.Client.GetJobAsync(jobId);
            var exact = end.State == JobState.Completed && Exact(output, rows);
            return new Run(job.Batches?.Count ?? 0, sim.Stats.BytesUploaded / 1e6, uploadSeconds, peak, exact, sim.Stats.FileUploads, sim.Stats.BatchesCreated,
                clock.Elapsed.TotalSeconds, FoldRate(daemon.Log));
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
            await daemon.DisposeAsync();
        }
    }

    /// <summary>Every row once, in order, each answered.</summary>
    private static bool Exact(string output, int rows)
    {
        var next = 0L;
        foreach (var line in File.ReadLines(output))
        {
            using var record = JsonDocument.Parse(line);
            if (record.RootElement.GetProperty("index").GetInt64() != next++ || record.RootElement.GetProperty("answer").ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return next == rows;
    }

    private static async Task SampleAsync(Func<DaemonSession> daemon, Action<long> peak, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var current = daemon();
                if (!current.HasExited)
                {
                    peak(ProcessProbe.Read(current.ProcessId).ResidentMb);
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The daemon exited between the check and the read (a crash point): the next sample reads the next one.
            }

            // A benchmark, not a test: sampling memory every 100 ms is good enough here.
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Cap)
            {
                throw new TimeoutException("the input was not read in time");
            }

            await Task.Delay(100);
        }
    }
}
