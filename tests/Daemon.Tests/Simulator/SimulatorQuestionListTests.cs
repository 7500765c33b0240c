using BatchAi.Daemon.Generation;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>The simulator's replies to requests for questions: deterministic, in every list form, and parsed back whole.</summary>
public sealed class SimulatorQuestionListTests
{
    [Theory]
    [InlineData("Questions about running a web service")]
    [InlineData("关于数据库运维的问题")]
    public void QuestionsReplyFor_EveryBatch_DeterministicAndParsedToTheCountAsked(string seed)
    {
        var forms = new HashSet<string>();
        for (var batch = 0; batch < 60; batch++)
        {
            var prompt = GenerationPrompt.Build(seed, 15, batch, CoveredQuestions.None);
            var reply = SimulatorServer.QuestionsReplyFor(prompt)!;

            Assert.Equal(reply, SimulatorServer.QuestionsReplyFor(prompt));
            Assert.Equal(15, QuestionListParser.Parse(reply).Count);
            forms.Add(reply.TrimStart()[..1]);
        }

        Assert.True(forms.Count >= 2, "every reply had the same form");
        Assert.Null(SimulatorServer.QuestionsReplyFor("Why is the sky blue?"));
    }
}
