using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Tests.Cleaning;

/// <summary>The plain-text rules, one theory each, with the cases the issue names.</summary>
public sealed class TextRuleTests
{
    [Theory]
    [InlineData("a\u200Bb\u200Cc\u2060d\uFEFFe", "abcde")]
    [InlineData("\uFEFFquestion", "question")]
    [InlineData("ctrl\u0001\u0007\u001Bchars\u007F\u0085x", "ctrl\u0001\u0007\u001Bchars\u007F\u0085x")]
    [InlineData("soft\u00ADhyphen \u202Ertl\u202C", "softhyphen rtl")]
    [InlineData("tab\tand\nbreak", "tab\tand\nbreak")]
    [InlineData("family 👨\u200D👩\u200D👧 stays", "family 👨\u200D👩\u200D👧 stays")]
    [InlineData("a\u200Db", "ab")]
    public void Invisible_Apply_RemovesInvisibleKeepsBreaksAndEmojiJoins(string input, string expected) =>
        Assert.Equal(expected, new InvisibleRule().Apply(input));

    [Theory]
    [InlineData("nul\u0000in a cell", "nulin a cell")]
    [InlineData("ctrl\u0001\u0007\u001B[0mchars\u007F\u0080\u009Fx", "ctrl[0mcharsx")]
    [InlineData("\u0000\u0000\u0000", "")]
    [InlineData("tab\tlf\ncr\rvt\vff\fnel\u0085", "tab\tlf\ncr\rvt\vff\fnel\u0085")]
    [InlineData("zero\u200Bwidth\u00ADstays", "zero\u200Bwidth\u00ADstays")]
    public void Control_Apply_RemovesControlsKeepsBreaksAndTabs(string input, string expected) =>
        Assert.Equal(expected, new ControlRule().Apply(input));

    [Fact]
    public void Invisible_Apply_LoneSurrogates_Removed()
    {
        // Built in code: test-case serialisation would replace a lone surrogate before the rule saw it.
        var input = "lone " + '\uD800' + " surrogate " + '\uDC00' + " pair 😀";

        Assert.Equal("lone  surrogate  pair 😀", new InvisibleRule().Apply(input));
    }

    [Theory]
    [InlineData("  many   spaces\there  ", "many spaces here")]
    [InlineData("line one  \r\n   line two\rline three", "line one\nline two\nline three")]
    [InlineData("para one\n\n\n\n  para two", "para one\n\npara two")]
    [InlineData("\n\n  leading and trailing \n\n", "leading and trailing")]
    [InlineData("nbsp\u00A0\u00A0and\u3000ideographic", "nbsp and ideographic")]
    [InlineData("   \n\t  ", "")]
    public void Whitespace_Apply_CollapsesTrimsKeepsParagraphs(string input, string expected) =>
        Assert.Equal(expected, new WhitespaceRule().Apply(input));

    [Theory]
    [InlineData("太好了！！！", "太好了！")]
    [InlineData("what???", "what?")]
    [InlineData("really?!?!", "really?!?!")]
    [InlineData("a ?? b and !!x", "a ?? b and !!x")]
    [InlineData("wait...", "wait...")]
    [InlineData("wait.......", "wait...")]
    [InlineData("等等……", "等等……")]
    [InlineData("等等…………", "等等……")]
    [InlineData("为什么？？", "为什么？")]
    [InlineData("cd ..", "cd ..")]
    public void RepeatedPunctuation_Apply_CollapsesRunsKeepsEllipsis(string input, string expected) =>
        Assert.Equal(expected, new RepeatedPunctuationRule().Apply(input));

    [Theory]
    [InlineData("你好,世界!", "你好，世界！")]
    [InlineData("价格是5,000元", "价格是5,000元")]
    [InlineData("问题:什么是AI?", "问题：什么是AI?")]
    [InlineData("你好, 世界", "你好，世界")]
    [InlineData("你好!!!", "你好！！！")]
    [InlineData("Hello，world！", "Hello,world!")]
    [InlineData("Is it (really）true？", "Is it (really)true?")]
    [InlineData("（注）中文", "（注）中文")]
    [InlineData("3，000", "3,000")]
    [InlineData("a＜b＞c", "a＜b＞c")]
    [InlineData("中文，English", "中文，English")]
    [InlineData("time: 12:30", "time: 12:30")]
    public void CjkPunctuation_Apply_FitsPunctuationToText(string input, string expected) =>
        Assert.Equal(expected, new CjkPunctuationRule().Apply(input));

    [Theory]
    [InlineData("ＡＢＣ ａｂｃ １２３", "ABC abc 123")]
    [InlineData("中文，不变！", "中文，不变！")]
    public void FullwidthAscii_Apply_LettersAndDigitsOnly(string input, string expected) =>
        Assert.Equal(expected, new FullwidthAsciiRule().Apply(input));

    [Fact]
    public void Rules_TextTheyDoNotTouch_ReturnTheSameInstance()
    {
        const string text = "An ordinary question, with nothing to fix? 普通的问题。";
        ICleaningRule[] rules = [new ControlRule(), new HtmlRule(), new InvisibleRule(), new WhitespaceRule(), new RepeatedPunctuationRule(), new CjkPunctuationRule(), new FullwidthAsciiRule()];

        Assert.All(rules, rule => Assert.Same(text, rule.Apply(text)));
    }
}
