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

    // Pinned before the request was built once for both the hash and the wire: an existing ledger's cache is keyed by these bytes.
    [Theory]
    [InlineData("gpt-4o-mini", "Be brief.", "问题 \"1\" <b>", 0.2, 100, "0b726884437557058bac4490e5ea1477d8878d65ceed8d1594c187bfe74b5d30")]
    [InlineData("a|b", null, "q", null, 4096, "ecbf0768118e9f6cce87393cc4d0039df8301486f21cd7b83520260e951911ab")]
    [InlineData("m", "  ", "q", 0.0, null, "95776cada5f4cfc2cd00088912ee22f2c2f09f4b4acac12d9124eea7d736ce70")]
    public void Compute_PinnedRequest_KeepsItsHash(string model, string? system, string question, double? temperature, int? maxTokens, string expected) =>
        Assert.Equal(expected, RequestFingerprint.Compute(model, system, question, temperature, maxTokens));

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
