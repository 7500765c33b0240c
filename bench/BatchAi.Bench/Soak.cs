using System.Diagnostics;
using BatchAi.Protocol;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// The soak: the real <c>batchai serve --pipe</c> process, 50 clients connected at once, each starting small jobs and watching them
/// with tokens, for N minutes. Reports the daemon's resident memory and open handles before, at most during, and after.
/// </summary>
internal static class Soak
{
    private const int Clients = 50;
    private const int RowsPerJob = 20;

    public static async Task RunAsync(string work, double minutes)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "batchai.dll");
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(20) });
        var input = Path.Combine(work, "soak.csv");
        await File.WriteAllLinesAsync(input, ["id,question", .. Enumerable.Range(0, RowsPerJob).Select(i => $"{i},Soak question {i}: what is {i} squared?")]);
        var outputs = Directory.CreateDirectory(Path.Combine(work, "soak-out")).FullName;
        var pipeName = "batchai-soak-" + Guid.NewGuid().ToString("N")[..8];

        using var daemon = DaemonProcess.Start(dll, pipeName, Path.Combine(work, "soak-data"));
        var log = new DaemonProcess.Log(daemon);
        await log.WaitForAsync("serving JSON-RPC on pipe", 1, TimeSpan.FromSeconds(30));
        var before = ProcessProbe.Read(daemon.Id);
        Console.WriteLine($"## soak: {Clients} clients, jobs of {RowsPerJob} rows (concurrency 4, tokens streamed), {minutes} min, daemon pid {daemon.Id}");

        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => SoakClient.ConnectAsync(pipeName, CancellationToken.None)));
        using var until = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var peak = before;
        var clock = Stopwatch.StartNew();
        var running = Task.WhenAll(clients.Select((c, i) => c.RunAsync(i, input, outputs, sim.BaseUrl.ToString(), until.Token)));
        while (await Task.WhenAny(running, Task.Delay(1000)) != running)
        {
            var now = ProcessProbe.Read(daemon.Id);
            peak = ProcessProbe.Max(peak, now);
            if (clock.Elapsed.TotalSeconds % 30 < 1)
            {
                Console.WriteLine($"  {clock.Elapsed:mm\\:ss} rss {now.ResidentMb} MB, {now.Handles} handles, {clients.Sum(c => c.JobsCompleted)} jobs completed");
            }
        }

        await running;
        var during = ProcessProbe.Max(peak, ProcessProbe.Read(daemon.Id));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await log.WaitForAsync(": disconnected", Clients, TimeSpan.FromSeconds(30));
        var after = ProcessProbe.Read(daemon.Id);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var settled = ProcessProbe.Read(daemon.Id);

        var kinds = ProcessProbe.HandleKinds(daemon.Id);
        var errors = clients.SelectMany(c => c.Errors).ToList();
        var jobs = clients.Sum(c => c.JobsCompleted);
        Console.WriteLine("| measure | before | during (max) | after (clients gone) | after 10 s idle |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| resident memory (VmRSS) | {before.ResidentMb} MB | {during.ResidentMb} MB | {after.ResidentMb} MB | {settled.ResidentMb} MB |");
        Console.WriteLine($"| open handles (/proc/PID/fd) | {before.Handles} | {during.Handles} | {after.Handles} | {settled.Handles} |");
        Console.WriteLine();
        Console.WriteLine($"handles after 10 s idle, by kind: {kinds}");
        Console.WriteLine($"jobs completed: {jobs} ({jobs * RowsPerJob:N0} rows, {jobs / clock.Elapsed.TotalSeconds:0.0} jobs/s); errors: {errors.Count}");
        Console.WriteLine($"requests at the simulator: {sim.Stats.TotalRequests:N0}; token messages heard: {clients.Sum(c => c.Tokens):N0}; row notifications heard: {clients.Sum(c => c.RowsHeard):N0}");
        foreach (var error in errors.Distinct().Take(5))
        {
            Console.WriteLine($"  error: {error}");
        }

        await using (var last = await SoakClient.ConnectAsync(pipeName, CancellationToken.None))
        {
            await last.ShutdownAsync();
        }

        await daemon.WaitForExitAsync();
        Console.WriteLine($"daemon exit code after shutdown: {daemon.ExitCode}; stderr lines: {log.Lines}");
        Console.WriteLine();
    }
}
