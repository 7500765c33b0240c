namespace BatchAi.Daemon.IntegrationTests.TestSupport;

internal static class PipeDaemon
{
    /// <summary>A pipe name no other test (or developer daemon) uses.</summary>
    public static string UniqueName() => "batchai-e2e-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Starts <c>batchai serve --pipe NAME</c> and returns once it says it is serving.</summary>
    public static async Task<DaemonProcess> StartAsync(string workingDirectory, string name, string dataDirectory, CancellationToken cancellationToken)
    {
        var daemon = DaemonProcess.Start(workingDirectory, "serve", "--pipe", name, "--data-dir", dataDirectory);
        try
        {
            await daemon.WaitForStderrAsync($"serving JSON-RPC on pipe '{name}'", cancellationToken);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }
}
