using BatchAi.Daemon.IntegrationTests.TestSupport;

namespace BatchAi.Daemon.IntegrationTests.Abuse;

/// <summary>Who may connect: the pipe's socket is the current user's alone.</summary>
public sealed class PipeAccessTests
{
    [Fact]
    public async Task ServePipe_Socket_IsReadableAndWritableByTheOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "a named pipe on Windows has an ACL, not a file mode");
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        using var name = new PipeName();
        await using var daemon = await PipeDaemon.StartAsync(temp.Path, name, temp.Sub("data"), ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(name.SocketPath));

        // And it is a working socket: the mode did not cost the owner access.
        await using var client = await RpcClient.ConnectPipeAsync(name.Name, ct);
        await client.InitializeAsync(ct);
    }
}
