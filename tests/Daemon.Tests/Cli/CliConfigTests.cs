using BatchAi.Daemon.Cli;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Cli;

public sealed class CliConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void FilePath_XdgConfigHomeSet_IsUnderIt()
    {
        var path = CliConfig.FilePath(name => name == "XDG_CONFIG_HOME" ? "/x/config" : null);
        Assert.Equal(Path.Combine("/x/config", "batchai", "config.json"), path);
    }

    [Fact]
    public void FilePath_NothingSet_IsUnderHomeDotConfig()
    {
        var path = CliConfig.FilePath(_ => null);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "batchai", "config.json"), path);
    }

    [Fact]
    public void Load_NoFile_IsEmptyAndPicksNoProfile()
    {
        var config = CliConfig.Load(_dir.File("missing.json"));
        Assert.Null(config.Pick(null, _ => null));
    }

    [Fact]
    public void Pick_FlagEnvironmentDefault_InThatOrder()
    {
        var path = Write("""{"defaultProfile": "a", "profiles": {"a": {"model": "ma"}, "b": {"model": "mb"}, "c": {"model": "mc"}}}""");
        var config = CliConfig.Load(path);
        Assert.Equal("ma", config.Pick(null, _ => null)!.Model);
        Assert.Equal("mb", config.Pick(null, n => n == CliConfig.ProfileVariable ? "b" : null)!.Model);
        Assert.Equal("mc", config.Pick("c", n => n == CliConfig.ProfileVariable ? "b" : null)!.Model);
    }

    [Fact]
    public void Load_KeyNestedInAProfile_RefusedNamingWhereAndNotEchoingIt()
    {
        var path = Write("""{"profiles": {"a": {"model": "m", "api_key": "sk-secret"}}}""");
        var e = Assert.Throws<FormatException>(() => CliConfig.Load(path));
        Assert.Contains("$.profiles.a.api_key", e.Message);
        Assert.Contains("apiKeyEnv", e.Message);
        Assert.DoesNotContain("sk-secret", e.Message);
    }

    [Fact]
    public void Load_DefaultProfileNotDefined_Refused()
    {
        var path = Write("""{"defaultProfile": "gone", "profiles": {"a": {}}}""");
        Assert.Contains("defaultProfile 'gone'", Assert.Throws<FormatException>(() => CliConfig.Load(path)).Message);
    }

    [Fact]
    public void Load_UnknownSetting_RefusedRatherThanIgnored()
    {
        var path = Write("""{"profiles": {"a": {"modle": "typo"}}}""");
        Assert.Contains("modle", Assert.Throws<FormatException>(() => CliConfig.Load(path)).Message);
    }

    [Fact]
    public void Load_NotJson_RefusedNamingTheFile()
    {
        var path = Write("{ profiles: ");
        Assert.Contains(path, Assert.Throws<FormatException>(() => CliConfig.Load(path)).Message);
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string json)
    {
        var path = _dir.File("config.json");
        File.WriteAllText(path, json);
        return path;
    }
}
