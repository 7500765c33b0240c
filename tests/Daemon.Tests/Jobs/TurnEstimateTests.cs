using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Prompting;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

public sealed class TurnEstimateTests
{
    private static JobSpec Spec(int turns) =>
        JobSpec.From(new StartJobParams("in.csv", new ProviderConfig("http://x/v1", "m"), Turns: turns), "/in.csv", "/out.jsonl", "jsonl");

    [Fact]
    public void Of_OneTurn_TheOneTurnFigures() => Assert.Equal((100L, 300L, 10L), TurnEstimate.Of(Spec(1), 100, 300, 10));

    [Fact]
    public void Of_TwoTurns_EachPromptTheConversationSoFar_AndTheSimulatorsRequest()
    {
        // One row: prompt 10, answers 30. Assistant turns read 10 and 10+30+50; the simulator reads its prompt, 10 and 30.
        var system = PromptTokens.Of(null, UserSimulatorRequest.DefaultSystemPrompt);

        var (prompt, completion, requests) = TurnEstimate.Of(Spec(2), 10, 30, 1);

        Assert.Equal(10 + (10 + 30 + 50) + (system + 10 + 30), prompt);
        Assert.Equal(30 + 30 + TurnEstimate.AssumedUserMessageTokens, completion);
        Assert.Equal(3, requests);
    }
}
