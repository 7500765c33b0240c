using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class SecretsTests
{
    [Fact]
    public void Redact_ExactKeyAndMaskedEcho_BothHidden()
    {
        var text = Secrets.Redact("Incorrect API key provided: sk-abcd****wxyz. Key was my-secret-key-123.", "my-secret-key-123");

        Assert.DoesNotContain("my-secret-key-123", text);
        Assert.DoesNotContain("abcd", text);
        Assert.Contains("sk-***", text);
    }

    [Fact]
    public void Redact_NoKey_TextKept() => Assert.Equal("HTTP 500: overloaded", Secrets.Redact("HTTP 500: overloaded", null));
}
