namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>
/// A pipe name no other test (or developer daemon) uses. Dispose it after the daemons on it: it removes the socket a killed daemon
/// leaves behind and the name's lock file (which the daemon keeps on purpose), so test runs do not litter the temp folder.
/// </summary>
internal sealed class PipeName : IDisposable
{
    public string Name { get; } = "batchai-e2e-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Where .NET puts the socket on Unix: $TMPDIR/CoreFxPipe_NAME.</summary>
    public string SocketPath => Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + Name);

    public override string ToString() => Name;

    public void Dispose()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var path in new[] { SocketPath, SocketPath + ".lock" })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}

internal static class PipeDaemon
{
    /// <summary>Starts <c>batchai serve --pipe NAME</c> and returns once it says it is serving.</summary>
    public static async Task<DaemonProcess> StartAsync(string workingDirectory, PipeName pipe, string dataDirectory, CancellationToken cancellationToken)
    {
        var daemon = DaemonProcess.Start(workingDirectory, "serve", "--pipe", pipe.Name, "--data-dir", dataDirectory);
        try
        {
            await daemon.WaitForStderrAsync($"serving JSON-RPC on pipe '{pipe.Name}'", cancellationToken);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }
}
