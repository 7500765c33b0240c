using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Tests.Providers;

/// <summary>Several answers from one request (<c>n</c>), over real HTTP against the simulator: the stream split by choice index.</summary>
public sealed class ChoicesTests
{
    private const string Question = "Why is the sky blue?";

    [Fact]
    public async Task CompleteAsync_N3_ThreeChoicesEachTheAnswerOfItsSample_PromptChargedOnceCompletionShared()
    {
        var ct = Timeouts.Token();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        var provider = Provider(server);
        var deltas = new RecordingSink();

        var answer = await provider.CompleteAsync(new ChatRequest(Question, null, null, null).ForSamples(0, 3), deltas, ct);

        var choices = answer.AllChoices.ToList();
        Assert.Equal([0, 1, 2], choices.Select(c => c.Choice));
        Assert.Equal(Enumerable.Range(0, 3).Select(s => SimulatorServer.AnswerFor(Question, sample: s)), choices.Select(c => c.Answer));
        Assert.Equal(SimulatorServer.AnswerFor(Question), deltas.Text); // only choice 0 streams to the row
        Assert.True(choices[0].PromptTokens > 0);
        Assert.All(choices.Skip(1), c => Assert.Null(c.PromptTokens));
        Assert.All(choices, c => Assert.True(c.CompletionTokens > 0));
        Assert.Equal(1, server.Stats.TotalRequests);
    }

    [Fact]
    public async Task CompleteAsync_SampleAlone_TheSameAnswerAsItsChoice()
    {
        var ct = Timeouts.Token();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);

        var answer = await Provider(server).CompleteAsync(new ChatRequest(Question, null, null, null).ForSamples(2), NoDeltaSink.Instance, ct);

        Assert.Equal(SimulatorServer.AnswerFor(Question, sample: 2), answer.Answer);
        Assert.Empty(answer.OtherChoices);
    }

    [Fact]
    public async Task CompleteAsync_EndpointIgnoresN_OneChoiceThenNoNSentAgain()
    {
        var ct = Timeouts.Token();
        await using var server = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, ChoicesSupport = ChoicesSupport.Ignored }, cancellationToken: ct);
        var provider = Provider(server);

        var first = await provider.CompleteAsync(new ChatRequest(Question, null, null, null).ForSamples(0, 3), NoDeltaSink.Instance, ct);
        var second = await provider.CompleteAsync(new ChatRequest("Another?", null, null, null).ForSamples(0, 3), NoDeltaSink.Instance, ct);

        Assert.Equal(SimulatorServer.AnswerFor(Question), first.Answer);
        Assert.Empty(first.OtherChoices);
        Assert.Empty(second.OtherChoices);
        Assert.Equal(2, server.Stats.TotalRequests);
    }

    private static OpenAiChatProvider Provider(SimulatorServer server) =>
        new(server.BaseUrl.ToString(), "sim-small", null, TimeProvider.System, TimeSpan.FromSeconds(30));

    private sealed class RecordingSink : IChatDeltaSink
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text => _text.ToString();

        public void OnDelta(string text, bool reasoning) => _text.Append(text);

        public void OnReset() => _text.Clear();
    }
}
