using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>How a row names the endpoint that answered it: stable, readable, and never a key.</summary>
public sealed class EndpointLabelTests
{
    [Fact]
    public void Of_NamedEndpoint_ItsName() =>
        Assert.Equal("deepseek", EndpointLabel.Of(new EndpointSpec("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", "DEEPSEEK_API_KEY", false), 0));

    [Theory]
    [InlineData(0, "endpoint1")]
    [InlineData(2, "endpoint3")]
    public void Of_EndpointNamedByItsPosition_HostAndPathOfItsUrl(int position, string name) =>
        Assert.Equal("api.openai.com/v1", EndpointLabel.Of(new EndpointSpec(name, "https://api.openai.com/v1/", "gpt-4o-mini", null, false), position));

    [Fact]
    public void Of_DefaultNameOfAnotherPosition_KeptAsTheUserGaveIt() =>
        Assert.Equal("endpoint1", EndpointLabel.Of(new EndpointSpec("endpoint1", "https://api.openai.com/v1", "m", null, false), 1));

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1", "127.0.0.1:8000/v1")]
    [InlineData("https://ark.cn-beijing.volces.com/api/v3", "ark.cn-beijing.volces.com/api/v3")]
    [InlineData("http://localhost:11434", "localhost:11434")]
    [InlineData("https://user:hunter2@gw.example.com/v1?api-key=sk-abcdef123456", "gw.example.com/v1")]
    [InlineData("https://gw.example.com/key-abcdef123456/v1", "gw.example.com/key-***/v1")]
    public void FromUrl_HostPortAndPath_NoUserInfoQueryOrKey(string url, string label)
    {
        Assert.Equal(label, EndpointLabel.FromUrl(url));
        Assert.DoesNotContain("hunter2", label);
        Assert.DoesNotContain("abcdef123456", label);
    }
}
