using System.Text.Json;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>Runs one <c>batchai</c> CLI command to its end and keeps what it printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The one JSON document <c>--json</c> prints.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

internal static class CliRun
{
    public static Task<CliResult> RunAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(workingDirectory, null, cancellationToken, args);

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken, params string[] args)
    {
        await using var process = DaemonProcess.Start(workingDirectory, environment, args);
        process.StandardInput.Close();
        using var stdout = new StreamReader(process.StandardOutput);
        var printed = stdout.ReadToEndAsync(cancellationToken);
        var exit = await process.WaitForExitAsync(cancellationToken);
        return new CliResult(exit, await printed, process.Stderr);
    }
}
