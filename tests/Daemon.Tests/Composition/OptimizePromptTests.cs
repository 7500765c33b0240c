using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Generation;
using BatchAi.Simulator;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

public sealed class OptimizePromptTests
{
    [Fact]
    public async Task OptimizePrompt_AsksTheModelOnce_ReturnsItsRewriteBesideTheOriginal()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        const string prompt = "answer questions about cooking";

        var result = await CallAsync<OptimizePromptResult>(rpc, Methods.OptimizePrompt, new OptimizePromptParams(prompt, harness.Provider()));

        Assert.Equal(prompt, result.Original);
        Assert.Equal(SimulatorServer.AnswerFor(prompt), result.Prompt);
        Assert.Equal(1, harness.Simulator.Stats.RequestsFor(prompt));
        Assert.True(result.CompletionTokens > 0);
    }

    [Fact]
    public async Task OptimizePrompt_NoPrompt_InvalidParamsNamingIt()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(
            () => CallAsync<OptimizePromptResult>(rpc, Methods.OptimizePrompt, new OptimizePromptParams(" ", harness.Provider())));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains("prompt", e.Message);
    }
}
