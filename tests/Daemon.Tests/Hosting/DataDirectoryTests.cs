using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Hosting;

public sealed class DataDirectoryTests
{
    [Fact]
    public void Resolve_FlagBeatsVariableBeatsXdg()
    {
        var env = new Dictionary<string, string?> { ["BATCHAI_DATA_DIR"] = "/tmp/from-env", ["XDG_DATA_HOME"] = "/tmp/xdg" };

        Assert.Equal("/tmp/flag", DataDirectory.Resolve("/tmp/flag", env.GetValueOrDefault));
        Assert.Equal("/tmp/from-env", DataDirectory.Resolve(null, env.GetValueOrDefault));
        env.Remove("BATCHAI_DATA_DIR");
        Assert.Equal("/tmp/xdg/batchai", DataDirectory.Resolve(null, env.GetValueOrDefault));
    }

    [Fact]
    public void Acquire_SecondLockOnSameDirectory_RefusedWithClearMessage()
    {
        using var dir = new TempDirectory();
        using var first = DataDirectoryLock.Acquire(dir.Path);

        var e = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(dir.Path));

        Assert.Contains(dir.Path, e.Message);
    }

    [Fact]
    public void Acquire_AfterRelease_Succeeds()
    {
        using var dir = new TempDirectory();
        DataDirectoryLock.Acquire(dir.Path).Dispose();

        using var again = DataDirectoryLock.Acquire(dir.Path);
    }
}
