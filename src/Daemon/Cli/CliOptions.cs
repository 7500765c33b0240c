using System.CommandLine;

namespace BatchAi.Daemon.Cli;

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Folder of the SQLite ledger (default: ${Hosting.DataDirectory.Variable}, else the user's data folder).",
    };
}
