using BatchAi.Daemon.Rpc;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Rpc;

public sealed class TokenBufferTests
{
    [Fact]
    public void Take_ManyDeltasOfTwoRows_OneMessagePerRowInFirstStreamedOrder()
    {
        var buffer = new TokenBuffer();
        buffer.Add(new JobToken("j", 5, "Hel"));
        buffer.Add(new JobToken("j", 2, "Wor"));
        buffer.Add(new JobToken("j", 5, "lo"));
        buffer.Add(new JobToken("j", 2, "ld"));

        var messages = buffer.Take();

        Assert.Equal([(5L, "Hello"), (2L, "World")], messages.Select(m => (m.Row, m.Text)));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Take_ResetAfterText_DropsEarlierTextAndSaysReset()
    {
        var buffer = new TokenBuffer();
        buffer.Add(new JobToken("j", 1, "partial answer"));
        buffer.Add(new JobToken("j", 1, "", Reset: true));
        buffer.Add(new JobToken("j", 1, "second try"));

        var messages = buffer.Take();

        Assert.Equal(2, messages.Count);
        Assert.True(messages[0].Reset);
        Assert.Equal("second try", messages[1].Text);
    }

    [Fact]
    public void Add_PastTheBound_DroppedAndCounted()
    {
        var buffer = new TokenBuffer();
        var big = new string('x', TokenBuffer.MaxChars);
        buffer.Add(new JobToken("j", 1, big));
        buffer.Add(new JobToken("j", 2, "more"));

        Assert.Equal(1, buffer.Dropped);
        Assert.Single(buffer.Take());
    }

    [Fact]
    public void Take_ReasoningAndAnswer_ReasoningFirstAndMarked()
    {
        var buffer = new TokenBuffer();
        buffer.Add(new JobToken("j", 1, "think", Reasoning: true));
        buffer.Add(new JobToken("j", 1, "answer"));

        var messages = buffer.Take();

        Assert.Equal([(true, "think"), (false, "answer")], messages.Select(m => (m.Reasoning, m.Text)));
    }
}
