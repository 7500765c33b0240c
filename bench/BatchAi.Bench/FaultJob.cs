using System.Diagnostics;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>One job of the fault matrix: the questions written to a CSV, run by a daemon against a simulator, measured and checked.</summary>
internal static class FaultJob
{
    /// <param name="Seconds">From startJob to the job's end, or to the cell's cap when it did not finish.</param>
    public sealed record Result(double Seconds, bool Finished, JobState? State, long Done, long Failed, bool Exact, string Note, long Requests, long RateLimited)
    {
        public double RateLimitedShare => Requests == 0 ? 0 : (double)RateLimited / Requests;
    }

    public static string WriteInput(string work, string name, IReadOnlyList<string> questions)
    {
        var path = Path.Combine(work, name + "-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        File.WriteAllLines(path, ["id,question", .. questions.Select((q, i) => $"{i},{q}")]);
        return path;
    }

    /// <summary>The plain questions of a cell; none has a comma, so the CSV needs no quoting.</summary>
    public static List<string> Questions(string cell, int rows) =>
        Enumerable.Range(0, rows).Select(i => $"Question {i} of the {cell} cell about something worth asking?").ToList();

    /// <param name="during">Runs beside the job (an outage, kills) with the job's id; the job's end is awaited after it.</param>
    public static async Task<Result> RunAsync(
        DaemonSession daemon, SimulatorServer sim, string work, string name, IReadOnlyList<string> questions, int concurrency, TimeSpan cap,
        Func<string, Task>? during = null)
    {
        var input = WriteInput(work, name, questions);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        sim.Reset();
        var clock = Stopwatch.StartNew();
        var jobId = await daemon.StartJobAsync(sim, input, output, concurrency);
        var end = daemon.WaitForEndAsync(jobId, cap);
        if (during is not null)
        {
            await during(jobId);
        }
        var ended = await end;
        var seconds = clock.Elapsed.TotalSeconds;
        var info = await daemon.Client.GetJobAsync(jobId);
        var (exact, note) = ended is null ? (false, $"did not finish in {cap.TotalSeconds:0} s ({info.Counts.Done:N0} rows done)") : FaultOutput.Check(questions, output, sim.Options);
        return new Result(seconds, ended is not null, ended?.State, info.Counts.Done, info.Counts.Failed, exact, note, sim.Stats.TotalRequests, RateLimited(sim.Stats));
    }

    /// <summary>Every 429 the simulator sent: its limits' and the injected ones.</summary>
    public static long RateLimited(SimulatorStats stats) =>
        stats.RateLimitedRequests + stats.QuotaRefusals
        + stats.FaultsByKind[SimulatorFault.RateLimited429] + stats.FaultsByKind[SimulatorFault.ServerOverloaded429] + stats.FaultsByKind[SimulatorFault.QuotaExceeded429];
}
