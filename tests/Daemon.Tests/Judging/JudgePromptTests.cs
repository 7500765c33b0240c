using BatchAi.Daemon.Judging;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using BatchAi.Tests.Shared;

namespace BatchAi.Daemon.Tests.Judging;

public sealed class JudgePromptTests
{
    private static readonly IReadOnlyList<ChatMessage> Question = [new(ChatRole.System, "Answer in French."), new(ChatRole.User, "What is 2+2?")];

    [Theory]
    [InlineData(JudgeRubrics.Helpfulness, "helps the person who asked")]
    [InlineData(JudgeRubrics.FollowsFormat, "follows the format")]
    [InlineData(JudgeRubrics.Language, "language of the question")]
    public void Build_Preset_ItsCriterionTheScaleTheQuestionAsSentAndTheAnswer(string preset, string criterion)
    {
        var request = JudgePrompt.Build(JudgeRubric.Of(preset), 7, Question, "Quatre.", reference: null);

        var system = request.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.StartsWith(JudgePrompt.Marker + "\n", system.Content, StringComparison.Ordinal);
        Assert.Contains(criterion, system.Content, StringComparison.Ordinal);
        Assert.Contains("scale of 1 to 7", system.Content, StringComparison.Ordinal);
        var user = request.Messages[1].Content;
        Assert.Contains(JudgePrompt.QuestionStart + "\nsystem: Answer in French.\nuser: What is 2+2?\n" + JudgePrompt.QuestionEnd, user, StringComparison.Ordinal);
        Assert.EndsWith(JudgePrompt.AnswerStart + "\nQuatre.\n" + JudgePrompt.AnswerEnd, user, StringComparison.Ordinal);
        Assert.DoesNotContain("reference", system.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(JudgePrompt.ReferenceStart, user, StringComparison.Ordinal);
        Assert.Equal((JudgePrompt.SchemaName, Verdict.Schema(7)), (request.ResponseFormat!.Name, request.ResponseFormat.Schema));
        Assert.Equal(0, request.Temperature);
    }

    [Fact]
    public void Build_Correctness_ShowsTheReferenceBetweenItsMarkers()
    {
        var request = JudgePrompt.Build(JudgeRubric.Of(JudgeRubrics.Correctness), 10, Question, "Quatre.", reference: "4");

        Assert.Contains("the reference answer", request.Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains(JudgePrompt.ReferenceStart + "\n4\n" + JudgePrompt.ReferenceEnd, request.Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OwnRubricWithAReference_TheUsersTextAsTheCriterionAndTheReferenceShown()
    {
        var rubric = JudgeRubric.Of("  Reward answers that cite the reference.  ");
        var request = JudgePrompt.Build(rubric, 10, Question, "a", "ref");

        Assert.Null(rubric.Name);
        Assert.Contains("criterion:\nReward answers that cite the reference.\n", request.Messages[0].Content, StringComparison.Ordinal);
        Assert.Contains(JudgePrompt.ReferenceStart + "\nref\n", request.Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_QuestionWithImages_MarksThemInItsText()
    {
        IReadOnlyList<ChatMessage> question = [ChatMessage.OfParts(ChatRole.User, [ChatPart.OfImage("data:image/png;base64,AAAA"), ChatPart.OfText("What is this?")])];

        var user = JudgePrompt.Build(JudgeRubric.Of(null), 10, question, "a cat", null).Messages[1].Content;

        Assert.Contains("user: [image] What is this?", user, StringComparison.Ordinal);
        Assert.DoesNotContain("base64", user, StringComparison.Ordinal);
    }

    [Fact]
    public void Rubrics_EveryProtocolPresetIsAPresetHere()
    {
        var names = typeof(JudgeRubrics).GetFields().Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(names.Order(StringComparer.Ordinal), JudgeRubric.Presets.Keys.Order(StringComparer.Ordinal));
        Assert.All(names, n => Assert.Equal(n, JudgeRubric.Of(n).Name));
        Assert.Equal(JudgeRubrics.Helpfulness, JudgeRubric.Of(null).Name);
    }

    [Fact]
    public void Markers_ReadByTheSimulator_AreTheDaemons()
    {
        // The simulator knows a judge's request and finds the answer by these: a reworded prompt fails here, not far away.
        Assert.Equal(JudgePrompt.Marker, SimulatorServer.JudgeMarker);
        Assert.Equal((JudgePrompt.QuestionStart, JudgePrompt.QuestionEnd), (SimulatorServer.JudgeQuestionStart, SimulatorServer.JudgeQuestionEnd));
        Assert.Equal((JudgePrompt.AnswerStart, JudgePrompt.AnswerEnd), (SimulatorServer.JudgeAnswerStart, SimulatorServer.JudgeAnswerEnd));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Judge_AgainstTheSimulator_ItsVerdictOnTheScale(bool jsonSchema)
    {
        var ct = Timeouts.Token();
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        var provider = new OpenAiChatProvider(server.BaseUrl.ToString(), "judge", "k", TimeProvider.System, TimeSpan.FromSeconds(20), wire: new WireOptions(ResponseFormat: jsonSchema ? ResponseFormatMode.JsonSchema : ResponseFormatMode.Instruction));
        var judge = new Judge(null, 5);
        const string answer = "Four.";

        var outcome = await judge.AskAsync(judge.Request(Question, answer, null), (r, c) => provider.CompleteAsync(r, NoDeltaSink.Instance, c), ct);

        Assert.Null(outcome.Error);
        Assert.Equal(SimulatorServer.JudgeScoreFor("system: Answer in French.\nuser: What is 2+2?", answer, 5), outcome.Verdict!.Score);
        Assert.InRange(outcome.Verdict.Score, 1, 5);
        Assert.StartsWith("Simulated judge: ", outcome.Verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(1, server.Stats.CompletedRequests);
    }
}
