using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ledger;

namespace BatchAi.Bench;

/// <summary>
/// The parquet and hf-dataset exports of a job of 100,000 and of 1,000,000 answered rows, read from a real ledger: time, and
/// the process's peak resident memory during each export, which must not grow with the rows (one row group is held).
/// </summary>
internal static class ParquetBench
{
    private static readonly string[] Words =
        ["the", "dough", "rises", "when", "yeast", "ferments", "sugar", "into", "gas", "and", "gluten", "holds", "it", "so", "bread", "gets",
         "its", "crumb", "温度", "面团", "发酵", "时间", "because", "steam", "in", "a", "hot", "oven", "sets", "crust", "early", "while"];

    public static async Task RunAsync(string work)
    {
        var sizes = new[] { 100_000, 1_000_000 };
        Console.WriteLine("## parquet: a job's answers exported from the ledger (about 450 characters an answer, two source columns)");
        await using var ledger = JobLedger.Open(Path.Combine(work, "parquet-ledger"), _ => { });
        var fill = Stopwatch.StartNew();
        foreach (var rows in sizes)
        {
            await FillAsync(ledger, $"j{rows}", rows);
        }

        Console.WriteLine($"(ledger filled with {sizes.Sum():N0} answered rows in {fill.Elapsed.TotalSeconds:0} s, not measured below)");
        Console.WriteLine();
        Console.WriteLine("| format | rows | seconds | of which the conversation check | rows/s | written | resident before | peak resident during the export |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        // Each export in a process of its own, so one's pooled buffers and grown heap are not counted in the next one's peak.
        var ledgerFolder = Path.Combine(work, "parquet-ledger");
        foreach (var format in new[] { ExportFormat.Parquet, ExportFormat.HfDataset })
        {
            foreach (var rows in sizes)
            {
                Console.WriteLine(await ChildAsync(ledgerFolder, $"j{rows}", format, Path.Combine(work, $"out-{rows}.{ExportFormat.Extension(format)}")));
            }
        }

        Console.WriteLine();
    }

    /// <summary>The child's part (<c>-- parquet-export LEDGER JOB FORMAT OUTPUT</c>): one export, measured, as one table row.</summary>
    public static async Task ExportOneAsync(string ledgerFolder, string jobId, string format, string output)
    {
        await using var ledger = JobLedger.Open(ledgerFolder, _ => { });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = Resident("VmRSS");
        var exact = ResetPeak();
        using var sampler = new PeakSampler();
        var clock = Stopwatch.StartNew();
        // As exportJob does: the ledger says whether the job has conversations before the first row; a plain job is read through.
        var kinds = await ledger.Reader.ReadConversationKindsAsync(jobId, CancellationToken.None);
        var check = clock.Elapsed.TotalSeconds;
        var written = await ExportWriter.WriteAsync(output, format, ledger.Reader.ReadForExportAsync(jobId, CancellationToken.None, "bench-model"),
            CancellationToken.None, new ExportContext("You are a baker.")
            {
                Provenance = new(["bench-model"], 0.7, 800, "bread.csv"),
                HoldOut = format == ExportFormat.HfDataset ? new HoldOut(0.05, 42) : null,
                Kinds = kinds,
            });
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = exact ? Resident("VmHWM") : sampler.Stop();
        Console.WriteLine($"| {format} | {written:N0} | {seconds:0.0} | {check:0.00} | {written / seconds:N0} | {SizeMb(output):N0} MB | {before} MB | {peak} MB{(exact ? string.Empty : " (sampled)")} |");
        Delete(output);
    }

    private static async Task<string> ChildAsync(string ledgerFolder, string jobId, string format, string output)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ParquetBench).Assembly.Location);
        }

        foreach (var arg in new[] { "parquet-export", ledgerFolder, jobId, format, output })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var line = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return child.ExitCode == 0 ? line.Trim() : $"| {format} | {jobId}: the export failed (exit {child.ExitCode}) |";
    }

    private static async Task FillAsync(JobLedger ledger, string jobId, int rows)
    {
        await ledger.InsertJobAsync(new JobRecord(jobId, StoredJobState.Completed, "bread.csv", "out", "jsonl", "bench-model", "u", "{}", 0, false, DateTimeOffset.UtcNow,
            null, null, null));
        await ledger.SetColumnsAsync(jobId, ["id", "topic"]);
        var answer = new StringBuilder();
        for (var start = 0; start < rows; start += 2_000)
        {
            var batch = new RowInsert[Math.Min(2_000, rows - start)];
            for (var k = 0; k < batch.Length; k++)
            {
                var i = start + k;
                answer.Clear().Append("Answer ").Append(i).Append(':');
                // Words picked by a cheap hash of the row, so answers differ from row to row (a small vocabulary: they compress well).
                for (var w = 0; answer.Length < 450; w++)
                {
                    answer.Append(' ').Append(Words[(int)((uint)((i * 2654435761L) + (w * 40503L)) % Words.Length)]);
                }

                var source = JsonSerializer.Serialize(new[] { i.ToString(CultureInfo.InvariantCulture), Words[i % Words.Length] });
                batch[k] = new RowInsert(i, $"How does step {i} of baking bread work?", source,
                    Cached: new CachedResponse(answer.ToString(), null, 20, 110, i % 50 == 0 ? "length" : "stop", "bench-model"));
            }

            await ledger.InsertRowsAsync(jobId, batch, start + batch.Length, start + batch.Length == rows);
        }
    }

    // Writing 5 to clear_refs resets the kernel's high-water mark of resident memory (VmHWM), so the peak read after the export is its own.
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Resident(string key)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }

    private static long SizeMb(string path) => (File.Exists(path)
        ? new FileInfo(path).Length
        : Directory.GetFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length)) / (1024 * 1024);

    private static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        else
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>Resident memory sampled every 50 ms, where the kernel's high-water mark cannot be reset.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakSampler() => _sampling = Task.Run(async () =>
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Resident("VmRSS"));
                await Task.Delay(50).ConfigureAwait(false);
            }

            return peak;
        });

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
