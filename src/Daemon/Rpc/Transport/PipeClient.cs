using System.IO.Pipes;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Connects to a daemon's pipe (CLI, tests).</summary>
internal static class PipeClient
{
    /// <summary>Waits up to <paramref name="timeout"/> for the daemon to appear; throws <see cref="TimeoutException"/> if it does not.</summary>
    public static async Task<NamedPipeClientStream> ConnectAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // CurrentUserOnly on the client side refuses a server run by another user, e.g. one squatting on the predictable default name.
        var client = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await client.ConnectAsync(timeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
