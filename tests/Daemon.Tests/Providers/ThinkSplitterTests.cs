using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class ThinkSplitterTests
{
    [Theory]
    [InlineData("<think>a b</think>\n\nanswer")]
    [InlineData("<th|ink>a| b</thi|nk>|\n\n|ans|wer")]
    [InlineData("  <think>|a b|</think>answer")]
    public void Push_ThinkBlockOpensTheContent_ReasoningApartFromTheAnswer(string pieces)
    {
        var deltas = pieces.Split('|');
        var (reasoning, content) = Run(deltas);

        Assert.Equal(("a b", "answer"), (reasoning.Trim(), content));
    }

    [Theory]
    [InlineData("plain answer")]
    [InlineData("<|b>bold</b> answer")]
    [InlineData("an answer that mentions <think> later")]
    public void Push_NoThinkBlockFirst_ContentUntouched(string pieces)
    {
        var deltas = pieces.Split('|');
        var (reasoning, content) = Run(deltas);

        Assert.Equal((string.Empty, string.Concat(deltas)), (reasoning, content));
    }

    [Fact]
    public void Flush_TagNeverClosed_AllThinking()
    {
        var (reasoning, content) = Run(["<think>still thinking </th"]);

        Assert.Equal(("still thinking </th", string.Empty), (reasoning, content));
    }

    private static (string Reasoning, string Content) Run(IEnumerable<string> deltas)
    {
        var splitter = new ThinkSplitter();
        string reasoning = string.Empty, content = string.Empty;
        foreach (var delta in deltas)
        {
            var (r, c) = splitter.Push(delta);
            reasoning += r;
            content += c;
        }

        var (lastR, lastC) = splitter.Flush();
        return (reasoning + lastR, content + lastC);
    }
}
