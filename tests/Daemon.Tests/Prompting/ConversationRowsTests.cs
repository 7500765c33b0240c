using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Prompting;

/// <summary>Conversation rows in each input format, and rows with an image, as <see cref="RowPreparer"/> stores them.</summary>
public sealed class ConversationRowsTests
{
    private static PreparedRow Prepare(string[] columns, params string?[] cells) =>
        new RowPreparer(columns, new RowPreparation(), "f.jsonl").Prepare(new SourceRow(0, cells) { RowNumber = 1 });

    private static List<(string Role, string Content)> Turns(PreparedRow row) =>
        ConversationJson.Parse(row.Prompt).Select(m => (m.RoleName, m.Content)).ToList();

    [Fact]
    public void Prepare_OpenAiMessagesEndingWithAnAnswer_AnsweredAgainAfterTheLastUserTurn()
    {
        var row = Prepare(["messages"],
            """[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"2+2?"},{"role":"assistant","content":"5"}]""");

        Assert.True(row.Conversation);
        Assert.Null(row.Skip);
        Assert.Equal([("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello"), ("user", "2+2?")], Turns(row));
    }

    [Fact]
    public void Prepare_ShareGpt_RolesMapped()
    {
        var row = Prepare(["id", "conversations"], "1",
            """[{"from":"system","value":"S"},{"from":"human","value":"Q1"},{"from":"gpt","value":"A1"},{"from":"human","value":"Q2"}]""");

        Assert.Equal([("system", "S"), ("user", "Q1"), ("assistant", "A1"), ("user", "Q2")], Turns(row));
    }

    [Fact]
    public void Prepare_AlpacaWithHistory_HistoryThenInstructionAndInput()
    {
        var row = Prepare(["instruction", "input", "output", "system", "history"], "Translate", "猫", "cat", "You translate.", """[["Hi","Hello"]]""");

        Assert.Equal([("system", "You translate."), ("user", "Hi"), ("assistant", "Hello"), ("user", "Translate\n\n猫")], Turns(row));
    }

    [Fact]
    public void Prepare_ConversationWithoutAUserTurn_SkippedWithTheReason()
    {
        var row = Prepare(["messages"], """[{"role":"system","content":"S"}]""");

        Assert.Contains(ConversationReader.NoUserTurn, row.Skip);
    }

    [Fact]
    public void Prepare_ImageColumn_UserMessageOfTextAndImageParts_RowsWithoutAnImageStayPlain()
    {
        var preparer = new RowPreparer(["question", "image"], new RowPreparation(), "f.csv");

        var withImage = preparer.Prepare(new SourceRow(0, ["What is it?", "imgs/cat.png"]));
        var plain = preparer.Prepare(new SourceRow(1, ["And this?", ""]));

        var message = Assert.Single(ConversationJson.Parse(withImage.Prompt));
        Assert.Equal(["What is it?", null], message.Parts!.Select(p => p.Text));
        Assert.Equal([null, "imgs/cat.png"], message.Parts!.Select(p => p.ImageUrl));
        Assert.False(plain.Conversation);
        Assert.Equal("And this?", plain.Prompt);
    }

    [Fact]
    public void Prepare_OpenAiImageParts_Kept()
    {
        var row = Prepare(["messages"], """[{"role":"user","content":[{"type":"text","text":"Describe"},{"type":"image_url","image_url":{"url":"https://x/a.png","detail":"low"}}]}]""");

        var part = ConversationJson.Parse(row.Prompt)[0].Parts![1];
        Assert.Equal(("https://x/a.png", "low"), (part.ImageUrl, part.Detail));
    }

    [Fact]
    public void Build_ConversationWithoutSystem_JobSystemPromptFirst_OwnSystemWins()
    {
        var bare = RowRequest.Build("""[{"role":"user","content":"Q"}]""", conversation: true, "Job", null, null);
        var own = RowRequest.Build("""[{"role":"system","content":"Own"},{"role":"user","content":"Q"}]""", conversation: true, "Job", null, null);

        Assert.Equal(["Job", "Q"], bare.Messages.Select(m => m.Content));
        Assert.Equal(["Own", "Q"], own.Messages.Select(m => m.Content));
    }
}
