using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Prompting;

public sealed class RequestFingerprintTests
{
    private static readonly string Base = RequestFingerprint.Compute("m", "sys", "q", 0.5, 100);

    [Fact]
    public void Compute_SameRequest_SameFingerprint() =>
        Assert.Equal(Base, RequestFingerprint.Compute("m", "sys", "q", 0.5, 100));

    [Fact]
    public void Compute_KnownValue_StableAcrossProcessesAndMachines() =>
        Assert.Equal(
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                """{"model":"m","messages":[{"role":"user","content":"q"}]}"""u8)),
            RequestFingerprint.Compute("m", null, "q", null, null));

    [Theory]
    [InlineData("other", "sys", "q", 0.5, 100)]
    [InlineData("m", "other", "q", 0.5, 100)]
    [InlineData("m", null, "q", 0.5, 100)]
    [InlineData("m", "sys", "other", 0.5, 100)]
    [InlineData("m", "sys", "q", 0.7, 100)]
    [InlineData("m", "sys", "q", null, 100)]
    [InlineData("m", "sys", "q", 0.5, 200)]
    public void Compute_AnyPartDiffers_DifferentFingerprint(string model, string? system, string question, double? temperature, int? maxTokens) =>
        Assert.NotEqual(Base, RequestFingerprint.Compute(model, system, question, temperature, maxTokens));
}
