namespace BatchAi.Daemon.Hosting;

/// <summary>Where a daemon keeps its ledger: <c>--data-dir</c>, else <c>BATCHAI_DATA_DIR</c>, else the user's XDG data folder.</summary>
internal static class DataDirectory
{
    public const string Variable = "BATCHAI_DATA_DIR";

    public static string Resolve(string? flag, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return Path.GetFullPath(flag);
        }

        if (environment(Variable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        if (!OperatingSystem.IsWindows() && environment("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "batchai");
        }

        // ~/.local/share on Linux, ~/Library/Application Support... on macOS via LocalApplicationData, %LOCALAPPDATA% on Windows.
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "batchai");
    }
}
