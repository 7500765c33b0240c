using System.Globalization;

namespace BatchAi.Bench;

/// <summary>
/// <c>bench -- faults</c>: the fault matrix of issue 13. Each cell runs the real daemon executable against a simulator playing one
/// provider behaviour, the same job with and without the fault (or against the ideal the cell names), and prints one table row.
/// BENCH_CELL_TIMEOUT (seconds, default 300) caps each job; <c>--cell NAME</c> runs one cell.
/// </summary>
internal static class FaultsBench
{
    public static readonly string[] Cells = ["faulted-attempts", "window-headers", "window-no-headers", "queue", "outage", "hung", "kill"];

    public static async Task RunAsync(string work, string? only)
    {
        var cap = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("BENCH_CELL_TIMEOUT"), CultureInfo.InvariantCulture, out var c) ? c : 300);
        if (only is not null && !Cells.Contains(only))
        {
            throw new ArgumentException($"unknown cell '{only}'; known: {string.Join(", ", Cells)}");
        }
        Console.WriteLine($"## faults: the fault matrix, the daemon in its own process, each job capped at {cap.TotalSeconds:0} s");
        Console.WriteLine("| cell | rows | seconds faulted | seconds fault-free | ratio | share of the limit used | 429 share | rows failed | output exact | note |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var cell in Cells.Where(name => only is null || name == only))
        {
            IReadOnlyList<FaultCellResult> rows;
            try
            {
                rows = cell switch
                {
                    "faulted-attempts" => [await FaultCells.FaultedAttemptsAsync(work, cap)],
                    "window-headers" => [await FaultCells.WindowLimitAsync(work, cap, Simulator.RateLimitHeaderStyle.OpenAi)],
                    "window-no-headers" => [await FaultCells.WindowLimitAsync(work, cap, Simulator.RateLimitHeaderStyle.None)],
                    "queue" => [await FaultCells.QueueAsync(work, cap)],
                    "outage" => [await FaultCells.OutageAsync(work, cap)],
                    "hung" => [await FaultCells.HungAsync(work, cap)],
                    _ => [await KillCell.RunAsync(work, cap)],
                };
            }
            catch (Exception e)
            {
                rows = [new FaultCellResult(cell, 0, null, null, null, null, null, null, $"error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}")];
            }
            foreach (var row in rows)
            {
                Console.WriteLine(row.TableRow());
            }
        }
        Console.WriteLine();
    }
}
