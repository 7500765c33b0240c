using System.CommandLine;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai sim</c>: the OpenAI-compatible simulator on 127.0.0.1, for trying clients and scripts without a key.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        var ttft = new Option<int>("--ttft-ms") { Description = "Time to first token, in milliseconds.", DefaultValueFactory = _ => 100 };
        var tps = new Option<double>("--tokens-per-second") { Description = "Streaming pace (0: as fast as possible).", DefaultValueFactory = _ => 50 };
        var faults = new Option<double>("--fault-rate") { Description = "Share of requests that get a random fault (429, 500, 503, cut stream, hang).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int?>("--seed") { Description = "Seed for the fault draw, for a reproducible run." };
        var command = new Command("sim", "Run the OpenAI-compatible simulator until Ctrl+C.") { port, ttft, tps, faults, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var server = await SimulatorServer.StartAsync(
                new SimulatorOptions
                {
                    TimeToFirstToken = TimeSpan.FromMilliseconds(parse.GetValue(ttft)),
                    TokensPerSecond = parse.GetValue(tps),
                    FaultRate = parse.GetValue(faults),
                    Seed = parse.GetValue(seed),
                },
                parse.GetValue(port),
                cancellationToken);
            Console.WriteLine(server.BaseUrl);
            Console.Error.WriteLine("batchai sim: simulated answers; Ctrl+C stops. Stats: GET " + new Uri(server.BaseUrl, "/sim/stats"));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }
}
