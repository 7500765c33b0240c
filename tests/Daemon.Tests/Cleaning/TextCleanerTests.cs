using BatchAi.Daemon.Cleaning;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Tests.Cleaning;

public sealed class TextCleanerTests
{
    [Fact]
    public void Clean_NulAndControlBytesInCell_RemovedAndCountedAsControl()
    {
        var cleaner = new TextCleaner(null);

        var cleaned = cleaner.Clean("What is\u0000 a\u0001 database\u001B dump\u007F?", out var changedBy);

        Assert.Equal("What is a database dump?", cleaned);
        Assert.Equal(["control"], cleaner.Names(changedBy));
    }

    [Fact]
    public void Clean_ControlAndInvisible_EachNamed()
    {
        var cleaner = new TextCleaner(null);

        var cleaned = cleaner.Clean("zero\u200Bwidth\u0000", out var changedBy);

        Assert.Equal("zerowidth", cleaned);
        Assert.Equal(["control", "invisible"], cleaner.Names(changedBy));
    }

    [Fact]
    public void Clean_ControlOff_ControlsKeptOtherRulesRun()
    {
        var cleaner = new TextCleaner(new CleaningOptions(Control: false));

        var cleaned = cleaner.Clean("  a\u0000b\u200B  ", out var changedBy);

        Assert.Equal("a\u0000b", cleaned);
        Assert.DoesNotContain("control", cleaner.RuleIds);
        Assert.Equal(["invisible", "whitespace"], cleaner.Names(changedBy));
    }

    [Fact]
    public void RuleIds_Default_ControlFirstThenTheOthersInOrder() =>
        Assert.Equal(TextCleaner.AllRuleIds, new TextCleaner(null).RuleIds);
}
