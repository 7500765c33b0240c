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
    public void Take_MoreRowsThanTheCap_LongestWaitingFirstRestKeptForNextFlush()
    {
        var buffer = new TokenBuffer();
        for (var row = 0; row < 5; row++)
        {
            buffer.Add(new JobToken("j", row, "t" + row));
        }

        var first = buffer.Take(maxRows: 2);
        buffer.Add(new JobToken("j", 0, "again"));
        buffer.Add(new JobToken("j", 4, "+"));
        var second = buffer.Take(maxRows: 2);
        var third = buffer.Take(maxRows: 2);

        Assert.Equal([(0L, "t0"), (1L, "t1")], first.Select(m => (m.Row, m.Text)));
        Assert.Equal([(2L, "t2"), (3L, "t3")], second.Select(m => (m.Row, m.Text)));
        Assert.Equal([(4L, "t4+"), (0L, "again")], third.Select(m => (m.Row, m.Text)));
        Assert.Equal(0, buffer.Chars);
    }

    [Fact]
    public void Take_CompletingRowBeyondTheCap_SentAnyway()
    {
        var buffer = new TokenBuffer();
        buffer.Add(new JobToken("j", 0, "a"));
        buffer.Add(new JobToken("j", 1, "b"));
        buffer.Add(new JobToken("j", 2, "c"));

        var messages = buffer.Take(maxRows: 1, completing: new HashSet<(string, long)> { ("j", 2) });

        Assert.Equal([0L, 2L], messages.Select(m => m.Row));
        Assert.Equal(1, buffer.Chars);
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
