using BatchAi.Daemon.Generation;

namespace BatchAi.Daemon.Tests.Generation;

/// <summary>Replies as models really write them, in English and Chinese.</summary>
public sealed class QuestionListParserTests
{
    [Fact]
    public void Parse_BareJsonArray_EveryString()
    {
        var questions = QuestionListParser.Parse("""["What is a mutex?", "How does a semaphore differ from a mutex?"]""");

        Assert.Equal(["What is a mutex?", "How does a semaphore differ from a mutex?"], questions);
    }

    [Fact]
    public void Parse_FencedJsonWithPreambleAndClosing_OnlyTheArray()
    {
        const string reply = """
            当然可以！以下是 3 个关于烘焙面包的问题：

            ```json
            [
              "为什么面团发酵后会变酸？",
              "高筋面粉和中筋面粉做面包有什么区别？",
              "烤面包时如何判断是否烤熟了？",
            ]
            ```

            希望这些问题对你有帮助！如果需要更多，请告诉我。
            """;

        Assert.Equal(["为什么面团发酵后会变酸？", "高筋面粉和中筋面粉做面包有什么区别？", "烤面包时如何判断是否烤熟了？"], QuestionListParser.Parse(reply));
    }

    [Fact]
    public void Parse_ArrayOfObjectsAndObjectWrappingIt_TheQuestionField()
    {
        Assert.Equal(["Is rye bread gluten-free?", "Why does bread go stale?"],
            QuestionListParser.Parse("""[{"id": 1, "question": "Is rye bread gluten-free?", "topic": "diet"}, {"id": 2, "Question": "Why does bread go stale?"}]"""));
        Assert.Equal(["如何保存酸种？"], QuestionListParser.Parse("""{"questions": [{"问题": "如何保存酸种？"}]}"""));
    }

    [Theory]
    [InlineData("1. ", "2. ")]
    [InlineData("1、", "2、")]
    [InlineData("1) ", "2) ")]
    [InlineData("1）", "2）")]
    [InlineData("(1) ", "(2) ")]
    [InlineData("（1）", "（2）")]
    [InlineData("**1.** ", "**2.** ")]
    [InlineData("- ", "- ")]
    [InlineData("* ", "* ")]
    [InlineData("• ", "• ")]
    [InlineData("Q1: ", "Q2: ")]
    public void Parse_ListMarker_ItemsWithoutMarkerPreambleOrClosing(string first, string second)
    {
        var reply = $"Sure! Here are two questions about sourdough:\n\n{first}How long should a starter rest before baking?\n{second}Why does my loaf spread flat?\n\nLet me know if you would like more!";

        Assert.Equal(["How long should a starter rest before baking?", "Why does my loaf spread flat?"], QuestionListParser.Parse(reply));
    }

    [Fact]
    public void Parse_ChineseSectionsWithNumberedQuestions_QuestionsNotHeadings()
    {
        const string reply = """
            好的，下面按主题列出问题。

            一、基础知识
            1. 什么是酸种面包？
            2. 酵母和酸种有什么不同？

            二、操作技巧
            3. **揉面要揉多久才算出膜？**
            4. 面团发不起来怎么办？

            以上问题涵盖了从入门到进阶的内容。
            """;

        Assert.Equal(["什么是酸种面包？", "酵母和酸种有什么不同？", "揉面要揉多久才算出膜？", "面团发不起来怎么办？"], QuestionListParser.Parse(reply));
    }

    [Fact]
    public void Parse_OnlyChineseNumerals_ThoseAreTheQuestions()
    {
        Assert.Equal(["如何选择烤箱温度？", "面包为什么会塌陷？"], QuestionListParser.Parse("一、如何选择烤箱温度？\n二、面包为什么会塌陷？"));
    }

    [Fact]
    public void Parse_BoldHeadingsAndQuotedItems_HeadingsDroppedQuotesRemoved()
    {
        const string reply = """
            Here you go:

            **Basics**
            - "What is hydration in bread dough?"
            - “Why add salt to bread?”

            **Advanced:**
            - What does autolyse do to gluten?
            """;

        Assert.Equal(["What is hydration in bread dough?", "Why add salt to bread?", "What does autolyse do to gluten?"], QuestionListParser.Parse(reply));
    }

    [Fact]
    public void Parse_ThinkBlockAndDecimalNumbers_NeitherTakenForItems()
    {
        const string reply = "<think>1. maybe ask about flour?\n2. and water?</think>\n1. Is 2.5 kg of flour enough for ten loaves?\n2. What oven temperature suits a baguette?";

        Assert.Equal(["Is 2.5 kg of flour enough for ten loaves?", "What oven temperature suits a baguette?"], QuestionListParser.Parse(reply));
    }

    [Fact]
    public void Parse_PlainLinesWithoutMarkers_TheLinesThatAsk()
    {
        Assert.Equal(["Why is my crust pale?", "面包为什么发硬？"], QuestionListParser.Parse("Here are some:\nWhy is my crust pale?\n面包为什么发硬？\nHope that helps."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("I'm sorry, I can't help with that.")]
    [InlineData("[]")]
    public void Parse_NoQuestions_Empty(string reply) => Assert.Empty(QuestionListParser.Parse(reply));
}
