using System.CommandLine;
using System.Runtime.InteropServices;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Rpc.Transport;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai serve --stdio | --pipe [NAME]</c>: the daemon itself.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Speak JSON-RPC on stdin/stdout (one client; the daemon stops when it leaves)." };
        var pipe = new Option<string?>("--pipe")
        {
            Description = $"Serve any number of clients on a named pipe (default name: {PipeNames.Default()}).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var resume = new Option<bool>("--resume-interrupted")
        {
            Description = $"Resume, at start-up, the jobs a stopped or crashed daemon left interrupted (also ${DaemonEnvironment.ResumeInterrupted}=1).",
        };
        var dataDir = CliOptions.DataDir();
        var command = new Command("serve", "Run the daemon.") { stdio, pipe, resume, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var usePipe = parse.GetResult(pipe) is not null;
            if (parse.GetValue(stdio) == usePipe)
            {
                Console.Error.WriteLine("batchai serve: choose one of --stdio or --pipe [NAME].");
                return ExitCodes.BadInput;
            }

            var directory = DataDirectory.Resolve(parse.GetValue(dataDir));
            DaemonSettings settings;
            try
            {
                settings = DaemonEnvironment.Apply(new DaemonSettings { ResumeInterrupted = parse.GetValue(resume) });
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"batchai serve: {e.Message}");
                return ExitCodes.BadInput;
            }

            return usePipe
                ? await ServePipeAsync(parse.GetValue(pipe) ?? PipeNames.Default(), directory, settings, cancellationToken)
                : await ServeStdioAsync(directory, settings, cancellationToken);
        });
        return command;
    }

    private static async Task<int> ServeStdioAsync(string dataDirectory, DaemonSettings settings, CancellationToken cancellationToken)
    {
        var (input, output) = StdioStreams.Open();
        await using var host = await StartHostAsync(dataDirectory, settings);
        if (host is null)
        {
            return ExitCodes.InUse;
        }

        StderrLog.Write($"serving JSON-RPC on stdio, version {DaemonHost.Version}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = OnTerminate(stop);
        var serve = host.ServeConnectionAsync(input, output, stop.Token);
        await Task.WhenAny(serve, host.ShutdownRequested, Task.Delay(Timeout.Infinite, stop.Token));
        // Jobs first (they become interrupted and the client hears it), then the connection.
        await host.Jobs.ShutdownAsync();
        stop.Cancel();
        await serve;
        StderrLog.Write("stopped");
        return ExitCodes.Success;
    }

    private static async Task<int> ServePipeAsync(string name, string dataDirectory, DaemonSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await StartHostAsync(dataDirectory, settings);
        if (host is null)
        {
            return ExitCodes.InUse;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var _ = OnTerminate(stop);
        PipeListener listener;
        try
        {
            listener = await PipeListener.StartAsync(name, (stream, ct) => host.ServeConnectionAsync(stream, stream, ct), stop.Token, StderrLog.Write);
        }
        catch (PipeInUseException e)
        {
            Console.Error.WriteLine($"batchai: {e.Message}");
            return ExitCodes.InUse;
        }

        await using (listener)
        {
            StderrLog.Write($"serving JSON-RPC on pipe '{name}' ({listener.SocketPath}), version {DaemonHost.Version}");
            await Task.WhenAny(host.ShutdownRequested, Task.Delay(Timeout.Infinite, stop.Token));
            await host.Jobs.ShutdownAsync();
        }

        StderrLog.Write("stopped");
        return ExitCodes.Success;
    }

    private static async Task<DaemonHost?> StartHostAsync(string dataDirectory, DaemonSettings settings)
    {
        try
        {
            return await DaemonHost.StartAsync(dataDirectory, settings, StderrLog.Write);
        }
        catch (DataDirectoryInUseException e)
        {
            Console.Error.WriteLine($"batchai: {e.Message}");
            return null;
        }
    }

    /// <summary>SIGTERM and SIGHUP stop the daemon the same way shutdown does: jobs are checkpointed and interrupted.</summary>
    private static IDisposable OnTerminate(CancellationTokenSource stop)
    {
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handler));
    }

    private sealed class Registrations(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
