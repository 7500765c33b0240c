using Microsoft.Extensions.Hosting;

namespace BatchAi.Simulator;

/// <summary>
/// The simulator runs inside another process (the daemon, tests, benchmarks). The default ConsoleLifetime
/// would take over Ctrl+C and SIGTERM from that process; this lifetime does nothing, the owner disposes the server.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
