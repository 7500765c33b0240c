using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Structured;
using BatchAi.Tests.Shared;

namespace BatchAi.Daemon.Tests.Structured;

public sealed class ReaskerTests
{
    private static readonly AnswerSchema Schema = AnswerSchema.Parse(AnswerSchemaTests.Person);

    private static readonly ChatRequest Request = new("Who?", "sys", null, null) { ResponseFormat = new ResponseFormat("answer", Schema.Text) };

    private sealed class Script(params string[] answers)
    {
        public List<ChatRequest> Sent { get; } = [];

        public Task<ChatAnswer> SendAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new ChatAnswer(answers[Math.Min(Sent.Count - 1, answers.Length - 1)], null, "stop", 10, 5));
        }
    }

    [Fact]
    public async Task AskAsync_InvalidThenValid_AskedAgainWithTheErrorsAndTheTokensOfBoth()
    {
        var script = new Script("""{"name":"Ann"}""", """{"name":"Ann","age":3}""");
        var reasks = 0;

        var result = await Reasker.AskAsync(Request, Schema, 2, script.SendAsync, () => reasks++, Timeouts.Token());

        Assert.True(result.Check.IsValid);
        Assert.Null(result.Error);
        Assert.Equal((1, 1), (result.Reasks, reasks));
        Assert.Equal((20, 10), (result.PromptTokens, result.CompletionTokens));
        Assert.Equal("""{"name":"Ann","age":3}""", result.Last.Answer);
        var followUp = script.Sent[1].Messages;
        Assert.Equal(4, followUp.Count);
        Assert.Equal((ChatRole.Assistant, """{"name":"Ann"}"""), (followUp[2].Role, followUp[2].Content));
        Assert.Contains("\"age\"", followUp[3].Content, StringComparison.Ordinal);
        Assert.Equal(Request.ResponseFormat, script.Sent[1].ResponseFormat);
        Assert.NotEqual(RequestFingerprint.Compute("m", script.Sent[0]), RequestFingerprint.Compute("m", script.Sent[1]));
    }

    [Fact]
    public async Task AskAsync_NeverValid_GivesUpAfterTheLimitKeepingTheLastAnswer()
    {
        var script = new Script("no", "still no", "{\"age\":-1}");

        var result = await Reasker.AskAsync(Request, Schema, 2, script.SendAsync, null, Timeouts.Token());

        Assert.Equal(3, script.Sent.Count);
        Assert.False(result.Check.IsValid);
        Assert.Equal((2, "{\"age\":-1}"), (result.Reasks, result.Last.Answer));
        Assert.StartsWith("the answer does not match the JSON Schema after 2 re-asks: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("/age: ", result.Error, StringComparison.Ordinal);
        // Each re-ask carries only the last exchange, so a request stays the size of one earlier answer.
        Assert.Equal(4, script.Sent[2].Messages.Count);
        Assert.Equal("still no", script.Sent[2].Messages[2].Content);
    }

    [Fact]
    public async Task AskAsync_NoReasksAllowed_OneRequest()
    {
        var script = new Script("no");

        var result = await Reasker.AskAsync(Request, Schema, 0, script.SendAsync, null, Timeouts.Token());

        Assert.Single(script.Sent);
        Assert.Equal(0, result.Reasks);
        Assert.False(result.Check.IsValid);
    }
}
