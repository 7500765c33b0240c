using System.CommandLine;
using System.Text.Json;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Protocol;
using StreamJsonRpc;

namespace BatchAi.Daemon.Cli;

/// <summary>The options every client verb shares (--pipe, --data-dir, --json, --verbose), and running a verb against a <see cref="DaemonConnection"/>.</summary>
internal sealed class CliCommon
{
    private static readonly JsonSerializerOptions Indented = new(RpcJson.CreateOptions()) { WriteIndented = true };

    public Option<string?> Pipe { get; } = new("--pipe")
    {
        Description = $"Talk to the daemon on this pipe and fail if none answers (default: {PipeNames.Default()} when a daemon serves it with the same data directory, else run in this process).",
    };

    public Option<string?> DataDir { get; } = CliOptions.DataDir();

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document (the protocol's records, camelCase) instead of text." };

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log to stderr as the daemon does." };

    public void AddTo(Command command)
    {
        command.Options.Add(Pipe);
        command.Options.Add(DataDir);
        command.Options.Add(Json);
        command.Options.Add(Verbose);
    }

    /// <summary>Opens the connection, runs <paramref name="verb"/>, and turns the daemon's errors into messages and exit codes.</summary>
    public Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<DaemonConnection, bool, Task<int>> verb) =>
        RunAsync(parse, cancellationToken, parse.GetValue(DataDir), verb);

    /// <inheritdoc cref="RunAsync(ParseResult, CancellationToken, Func{DaemonConnection, bool, Task{int}})"/>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, string? dataDir, Func<DaemonConnection, bool, Task<int>> verb)
    {
        StderrLog.Quiet = !parse.GetValue(Verbose);
        var json = parse.GetValue(Json);
        var (connection, code) = await DaemonConnection.OpenAsync(parse.GetValue(Pipe), dataDir, cancellationToken);
        if (connection is null)
        {
            return code;
        }

        await using (connection)
        {
            try
            {
                return await verb(connection, json);
            }
            catch (Exception e) when (RefusalOf(e) is { } refusal)
            {
                return Refused(refusal, json);
            }
            catch (ConnectionLostException)
            {
                Console.Error.WriteLine("batchai: the daemon went away.");
                return ExitCodes.DaemonUnreachable;
            }
        }
    }

    /// <summary>The daemon's refusal of a call (its error code and message), or null when <paramref name="e"/> is something else.</summary>
    public static CliError? RefusalOf(Exception e) => e switch
    {
        RemoteInvocationException invocation => new CliError(invocation.ErrorCode, invocation.Message),
        // StreamJsonRpc's client raises this for -32602 (invalid params) as well as -32601: a bad option, named in the message.
        RemoteMethodNotFoundException notFound => new CliError((int)notFound.ErrorCode, notFound.Message),
        _ => null,
    };

    /// <summary>The exit code of a command the daemon refused.</summary>
    public static int ExitCodeOf(CliError refusal) => refusal.Code switch
    {
        ErrorCodes.ShuttingDown => ExitCodes.DaemonUnreachable,
        ErrorCodes.InternalError => ExitCodes.JobFailed,
        _ => ExitCodes.BadInput,
    };

    private static int Refused(CliError refusal, bool json)
    {
        Console.Error.WriteLine($"batchai: {refusal.Message}");
        if (json)
        {
            Print(new { error = refusal });
        }

        return ExitCodeOf(refusal);
    }

    public static void Print<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>One JSON document on one line (JSON Lines), for output a script reads record by record.</summary>
    public static void PrintLine<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Compact));

    private static readonly JsonSerializerOptions Compact = RpcJson.CreateOptions();
}
