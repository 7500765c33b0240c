using BatchAi.Daemon.Judging;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Tests.Shared;

namespace BatchAi.Daemon.Tests.Judging;

public sealed class JudgeTests
{
    private sealed class Script(params string[] verdicts)
    {
        public List<ChatRequest> Sent { get; } = [];

        public Task<ChatAnswer> SendAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new ChatAnswer(verdicts[Math.Min(Sent.Count - 1, verdicts.Length - 1)], null, "stop", 100, 10));
        }
    }

    private static readonly IReadOnlyList<ChatMessage> Question = [new(ChatRole.User, "q")];

    [Theory]
    [InlineData("""{"score":7,"reason":"Good."}""", 7, "Good.")]
    [InlineData("""{"score":1,"reason":" Poor. "}""", 1, "Poor.")]
    [InlineData("""{"score":10.0,"reason":"Best."}""", 10, "Best.")]
    [InlineData("```json\n{\"score\":3,\"reason\":\"Fenced.\"}\n```", 3, "Fenced.")]
    public async Task AskAsync_ValidVerdict_ItsScoreAndReasonAtOnce(string reply, int score, string reason)
    {
        var script = new Script(reply);
        var judge = new Judge(null, 10);

        var outcome = await judge.AskAsync(judge.Request(Question, "a", null), script.SendAsync, Timeouts.Token());

        Assert.Equal(new Verdict(score, reason), outcome.Verdict);
        Assert.Equal((0, 100, 10), (outcome.Reasks, outcome.PromptTokens, outcome.CompletionTokens));
        Assert.Single(script.Sent);
    }

    [Theory]
    [InlineData("""{"score":11,"reason":"Too kind."}""", "/score")]
    [InlineData("""{"score":0,"reason":"Too harsh."}""", "/score")]
    [InlineData("""{"score":2.5,"reason":"Half."}""", "/score")]
    [InlineData("""{"score":5}""", "reason")]
    [InlineData("Five out of ten.", "not JSON")]
    public async Task AskAsync_InvalidOrOutOfRangeThenValid_AskedAgainWithTheError(string first, string named)
    {
        var script = new Script(first, """{"score":5,"reason":"Fine."}""");
        var judge = new Judge(null, 10);

        var outcome = await judge.AskAsync(judge.Request(Question, "a", null), script.SendAsync, Timeouts.Token());

        Assert.Equal(new Verdict(5, "Fine."), outcome.Verdict);
        Assert.Equal((1, 200, 20), (outcome.Reasks, outcome.PromptTokens, outcome.CompletionTokens));
        Assert.Contains(named, script.Sent[1].Messages[^1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_NeverValid_UnjudgedWithTheJudgesErrorAfterTheLimit()
    {
        var script = new Script("""{"score":42,"reason":"Off the scale."}""");
        var judge = new Judge(null, 10, maxReasks: 2);

        var outcome = await judge.AskAsync(judge.Request(Question, "a", null), script.SendAsync, Timeouts.Token());

        Assert.False(outcome.Judged);
        Assert.Equal(3, script.Sent.Count);
        Assert.StartsWith("the judge's verdict is not valid after 2 re-asks: /score: ", outcome.Error, StringComparison.Ordinal);
        Assert.Equal((300, 30), (outcome.PromptTokens, outcome.CompletionTokens));
    }

    [Theory]
    [InlineData("""{"score":4,"reason":"x"}""", 4)]
    [InlineData("""{"score":"4","reason":"x"}""", null)]
    [InlineData("""{"score":4.2,"reason":"x"}""", null)]
    [InlineData("""{"score":4,"reason":null}""", null)]
    [InlineData("""[4]""", null)]
    public void Read_OnlyAWholeScoreAndATextReason(string json, int? score) =>
        Assert.Equal(score, Verdict.Read(json)?.Score);
}
