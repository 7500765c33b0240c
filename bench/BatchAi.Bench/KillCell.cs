using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// The daemon SIGKILLed 10 times during a 5,000-row job with 20 % faults (500, 503, cut streams), a new daemon resuming the job
/// each time: the output must hold every row once, and few answered rows may be asked again per kill (counted at the simulator).
/// </summary>
internal static class KillCell
{
    private const int Rows = 5000, Concurrency = 100, Kills = 10;

    public static async Task<FaultCellResult> RunAsync(string work, TimeSpan cap)
    {
        var options = new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(200), FaultRate = 0.2, Seed = 13,
            FaultKinds = [SimulatorFault.ServerError500, SimulatorFault.Unavailable503, SimulatorFault.StreamCut],
        };
        await using var sim = await SimulatorServer.StartAsync(options);
        var questions = FaultJob.Questions("kill", Rows);
        var input = FaultJob.WriteInput(work, "kill", questions);
        var output = Path.ChangeExtension(input, ".out.jsonl");
        var dataDir = Path.Combine(work, "kill-data");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var daemon = await DaemonSession.StartAsync(dataDir);
        var jobId = await daemon.StartJobAsync(sim, input, output, Concurrency);
        var kills = 0;
        try
        {
            using var giveUp = new CancellationTokenSource(cap);
            for (; kills < Kills; kills++)
            {
                var at = (kills + 1) * Rows / (Kills + 1);
                await sim.Stats.WaitUntilAsync(s => s.CompletedRequests >= at, giveUp.Token);
                daemon.Kill();
                await daemon.DisposeAsync();
                daemon = await DaemonSession.StartAsync(dataDir);
                await daemon.Client.ResumeJobAsync(jobId);
            }
            var left = cap - clock.Elapsed;
            var end = left > TimeSpan.Zero ? await daemon.WaitForEndAsync(jobId, left) : null;
            var info = await daemon.Client.GetJobAsync(jobId);
            var (exact, note) = end is null ? (false, $"did not finish in {cap.TotalSeconds:0} s ({info.Counts.Done:N0} rows done)") : FaultOutput.Check(questions, output, options);
            var answeredAgain = sim.Stats.CompletedByQuestion.Values.Sum(n => n - 1);
            return new FaultCellResult($"SIGKILL x{Kills}, 20% faults (targets: exact, ≤ {2 * Concurrency} answered rows asked again per kill)", Rows,
                clock.Elapsed.TotalSeconds, null, null, null, info.Counts.Failed, end?.State == JobState.Completed && exact,
                $"{note}{(note.Length > 0 ? "; " : "")}{kills} kills; {answeredAgain:N0} answered rows asked again ({answeredAgain / (double)Math.Max(1, kills):0} per kill)");
        }
        catch (OperationCanceledException)
        {
            return new FaultCellResult($"SIGKILL x{Kills}, 20% faults", Rows, clock.Elapsed.TotalSeconds, null, null, null, null, null,
                $"did not finish in {cap.TotalSeconds:0} s ({kills} kills done, {sim.Stats.CompletedRequests:N0} answers given)");
        }
        finally
        {
            await daemon.DisposeAsync();
        }
    }
}
