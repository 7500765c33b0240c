using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Tests.Providers;

namespace BatchAi.Daemon.Tests.Prompting;

/// <summary>
/// A sample's request (<see cref="ChatRequest.ForSamples"/>): each sample has its own fingerprint, so the cache never hands one answer to
/// two samples; sample 0 is the plain request; how many choices one request asks for is how to send, not what to answer.
/// </summary>
public sealed class SampleFingerprintTests
{
    private static readonly ChatRequest Plain = RequestFingerprintCoverageTests.Full();

    [Fact]
    public void Compute_SampleZero_ThePlainRequestsFingerprint()
    {
        Assert.Equal(RequestFingerprint.Compute("m", Plain), RequestFingerprint.Compute("m", Plain.ForSamples(0)));
    }

    [Fact]
    public void Compute_EachSample_AFingerprintOfItsOwn()
    {
        var fingerprints = Enumerable.Range(0, 5).Select(s => RequestFingerprint.Compute("m", Plain.ForSamples(s))).ToList();

        Assert.Equal(5, fingerprints.Distinct().Count());
        Assert.NotEqual(RequestFingerprint.Compute("m", Plain.ForSamples(1)), RequestFingerprint.Compute("n", Plain.ForSamples(1)));
    }

    [Fact]
    public void Compute_Choices_NotHashed()
    {
        Assert.Equal(RequestFingerprint.Compute("m", Plain.ForSamples(2)), RequestFingerprint.Compute("m", Plain.ForSamples(2, 3)));
    }

    [Fact]
    public void ForSamples_KeptByWith_SoAReaskOfASampleIsThatSamplesRequest()
    {
        var reask = Plain.ForSamples(2) with { Messages = [.. Plain.Messages, new ChatMessage(ChatRole.User, "again")] };

        Assert.Equal((2, 1), (reask.Sample, reask.Choices));
    }

    [Fact]
    public void Write_SamplesAsNAndSeed_OnlyWhereTheEndpointTakesThem()
    {
        using var several = Body(Plain.ForSamples(0, 3), WireOptions.Default);
        using var alone = Body(Plain.ForSamples(2), WireOptions.Default);
        using var noN = Body(Plain.ForSamples(0, 3), WireOptions.Default with { Choices = false });
        using var noSeed = Body(Plain.ForSamples(2), WireOptions.Default with { Seed = false });
        using var plain = Body(Plain, WireOptions.Default);

        Assert.Equal(3, several.RootElement.GetProperty("n").GetInt32());
        Assert.False(several.RootElement.TryGetProperty("seed", out _));
        Assert.Equal(2, alone.RootElement.GetProperty("seed").GetInt32());
        Assert.False(alone.RootElement.TryGetProperty("n", out _));
        Assert.False(noN.RootElement.TryGetProperty("n", out _));
        Assert.False(noSeed.RootElement.TryGetProperty("seed", out _));
        Assert.False(plain.RootElement.TryGetProperty("n", out _) || plain.RootElement.TryGetProperty("seed", out _));
    }

    private static System.Text.Json.JsonDocument Body(ChatRequest request, WireOptions options) =>
        System.Text.Json.JsonDocument.Parse(ChatRequestBody.WriteBytes("m", request, options, stream: true));
}
