using BatchAi.Daemon.Rpc.Transport;

namespace BatchAi.Daemon.Tests.Rpc.Transport;

/// <summary>A pipe name no other test uses; removes the socket and lock file it may leave in the shared temp directory.</summary>
internal sealed class UniquePipeName : IDisposable
{
    public string Name { get; } = "batchai-test-" + Guid.NewGuid().ToString("N");

    public string SocketPath => PipeNames.SocketPath(Name);

    public string LockPath => PipeNames.LockPath(Name);

    public void Dispose()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(SocketPath);
        }

        File.Delete(LockPath);
    }
}
