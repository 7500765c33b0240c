using System.Diagnostics;
using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Bench;

/// <summary>
/// The <c>clean</c> scenario: a 1,000,000-row CSV of messy questions (HTML, full-width letters, Chinese
/// with half-width punctuation, repeated marks, duplicates) read, and read and cleaned, as a job's ingest
/// does it. Run it alone for a peak memory that is its own.
/// </summary>
internal static class CleanBench
{
    private const int Rows = 1_000_000;

    public static async Task RunAsync(string work)
    {
        var input = WriteMessyCsv(Path.Combine(work, "messy.csv"));
        Console.WriteLine($"## clean: a {new FileInfo(input).Length / (1024 * 1024)} MB CSV of {Rows:N0} messy rows, read and cleaned with every rule on");

        var clock = Stopwatch.StartNew();
        long read = 0;
        await using (var source = await DatasetReader.OpenAsync(input, null, CancellationToken.None))
        {
            await foreach (var _ in source.ReadRowsAsync(CancellationToken.None))
            {
                read++;
            }
        }

        var readSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        double? firstRowMs = null;
        RowPreparer preparer;
        await using (var source = await DatasetReader.OpenAsync(input, null, CancellationToken.None))
        {
            preparer = new RowPreparer(source.Columns, new RowPreparation(), input);
            await foreach (var row in source.ReadRowsAsync(CancellationToken.None))
            {
                preparer.Prepare(row);
                firstRowMs ??= clock.Elapsed.TotalMilliseconds;
            }
        }

        var cleanSeconds = clock.Elapsed.TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        var summary = preparer.Tally.Summary(preparer.Cleaner);
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| read only | {readSeconds:0.0} s, {read / readSeconds:N0} rows/s |");
        Console.WriteLine($"| read and cleaned (duplicates tracked) | {cleanSeconds:0.0} s, {Rows / cleanSeconds:N0} rows/s |");
        Console.WriteLine($"| first row cleaned after opening | {firstRowMs:0} ms |");
        Console.WriteLine($"| rows changed per rule | {string.Join(", ", summary.Changed.Select(c => $"{c.Key} {c.Value:N0}"))} |");
        Console.WriteLine($"| skipped | {summary.Duplicates:N0} duplicates, {summary.Empty:N0} empty |");
        Console.WriteLine($"| peak working set of the process | {peak} MB |");
        Console.WriteLine();
    }

    private static string WriteMessyCsv(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("id,question,category");
        for (var i = 0; i < Rows; i++)
        {
            // Every 50th row repeats an earlier one once cleaned; the rest are unique.
            var n = i % 50 == 49 ? i - 1 : i;
            var question = (n % 5) switch
            {
                0 => $"\"<p>Question number {n} about <b>HTML</b> &amp; entities?</p>\"",
                1 => $"\"问题{n}：你好,世界!!!请解释一下\"",
                2 => $"\"Ｆｕｌｌ ｗｉｄｔｈ question {n}？？？\"",
                3 => $"\"  Spaces   and\u200Bzero width   in question {n}  \"",
                _ => $"A plain question number {n} that needs no cleaning?",
            };
            writer.Write(i);
            writer.Write(',');
            writer.Write(question);
            writer.WriteLine(",bench");
        }

        return path;
    }
}
