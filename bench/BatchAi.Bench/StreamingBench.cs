using System.Diagnostics;
using System.IO.Pipes;
using System.Text;
using System.Text.Json;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// Streaming at scale, on the real daemon process over its pipe: 1,000 rows in flight, each streaming its answer for one to two
/// seconds, to one client that watches every token and one that subscribed and then never reads. Reports the messages the
/// watcher got per second against the bound the outbox promises, and the daemon's resident memory.
/// </summary>
internal static class StreamingBench
{
    private const int Rows = 5000;
    private const int InFlight = 1000;
    private const int RowsPerFlush = 100; // DaemonSettings.TokenRowsPerFlush, the default
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(50);

    public static async Task RunAsync(string work)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "batchai.dll");
        // 100 to 200 words at 100 a second: about 1,000 rows have new text at every flush.
        await using var sim = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero, TokensPerSecond = 100, MinAnswerTokens = 100, MaxAnswerTokens = 200, CountByQuestion = false,
        });
        var input = Path.Combine(work, "streaming.csv");
        await File.WriteAllLinesAsync(input, ["id,question", .. Enumerable.Range(0, Rows).Select(i => $"{i},Streaming question {i}?")]);
        var pipeName = "batchai-streaming-" + Guid.NewGuid().ToString("N")[..8];
        using var daemon = DaemonProcess.Start(dll, pipeName, Path.Combine(work, "streaming-data"));
        var log = new DaemonProcess.Log(daemon);
        await log.WaitForAsync("serving JSON-RPC on pipe", 1, TimeSpan.FromSeconds(30));

        await using var watcher = await SoakClient.ConnectAsync(pipeName, CancellationToken.None);
        await using var stuck = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        await stuck.ConnectAsync();
        var peak = ProcessProbe.Read(daemon.Id);
        var clock = Stopwatch.StartNew();
        var jobId = await watcher.StartJobAsync(new StartJobParams(
            input, new ProviderConfig(sim.BaseUrl.ToString(), "streaming"), Path.Combine(work, "streaming.answers.jsonl"), Concurrency: InFlight, StreamTokens: true, Cache: false));
        // The stuck client asks for every token of the job and never reads a byte of what comes back.
        await WriteFrameAsync(stuck, JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = Methods.SubscribeTokens, @params = new { jobId, enabled = true } }));

        var end = watcher.WaitForEndAsync(jobId, TimeSpan.FromMinutes(10));
        while (await Task.WhenAny(end, Task.Delay(200)) != end)
        {
            peak = ProcessProbe.Max(peak, ProcessProbe.Read(daemon.Id));
        }

        var state = await end;
        var seconds = clock.Elapsed.TotalSeconds;
        var flushes = (seconds / Flush.TotalSeconds) + 1;
        var bound = (flushes * RowsPerFlush) + Rows;
        Console.WriteLine($"## streaming at scale: {Rows:N0} rows, {InFlight:N0} in flight, 100-200 words each at 100 words/s, the real daemon over its pipe");
        Console.WriteLine("| job | seconds | max in flight seen by the provider | token messages to the watcher | messages/s | bound (messages/s) | rows heard | daemon peak RSS (one client stuck) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {state.State} | {seconds:0.0} | {sim.Stats.MaxConcurrent} | {watcher.Tokens:N0} | {watcher.Tokens / seconds:0} | {bound / seconds:0} | {watcher.RowsHeard:N0} | {peak.ResidentMb} MB |");
        Console.WriteLine();

        await watcher.ShutdownAsync();
        await daemon.WaitForExitAsync();
    }

    private static async Task WriteFrameAsync(Stream stream, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }
}
