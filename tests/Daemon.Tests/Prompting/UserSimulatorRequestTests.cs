using BatchAi.Daemon.Prompting;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Tests.Prompting;

public sealed class UserSimulatorRequestTests
{
    [Fact]
    public void Build_Conversation_RolesSwappedOwnSystemPromptTextOnly_EndsWithTheAssistantsReplyAsUser()
    {
        IReadOnlyList<ChatMessage> conversation =
        [
            new(ChatRole.System, "Be brief."),
            ChatMessage.OfParts(ChatRole.User, [ChatPart.OfText("What is this?"), ChatPart.OfImage("imgs/cat.png")]),
            new(ChatRole.Assistant, "A cat."),
        ];

        var request = UserSimulatorRequest.Build(conversation, null, 0.7, 100);

        Assert.Equal(
            [(ChatRole.System, UserSimulatorRequest.DefaultSystemPrompt), (ChatRole.Assistant, "[image] What is this?"), (ChatRole.User, "A cat.")],
            request.Messages.Select(m => (m.Role, m.Content)));
        Assert.All(request.Messages, m => Assert.Null(m.Parts));
        Assert.Equal((0.7, (int?)100), (request.Temperature, request.MaxTokens));
    }

    [Fact]
    public void Build_OwnSystemPrompt_Replaces()
    {
        var request = UserSimulatorRequest.Build([new(ChatRole.User, "q"), new(ChatRole.Assistant, "a")], "Play a curious student.", null, null);

        Assert.Equal("Play a curious student.", request.Messages[0].Content);
    }

    [Fact]
    public void DefaultSystemPrompt_OpensWithTheSimulatorsMarker_SoTheSimulatorPlaysTheUser() =>
        Assert.StartsWith(SimulatorServer.UserSimulatorMarker, UserSimulatorRequest.DefaultSystemPrompt, StringComparison.Ordinal);

    [Fact]
    public void ConversationJson_Models_WrittenOnTheirMessagesAndReadBack_ParseIgnoresThem()
    {
        IReadOnlyList<ChatMessage> messages = [new(ChatRole.User, "q"), new(ChatRole.Assistant, "a"), new(ChatRole.User, "f")];

        var json = ConversationJson.Write(messages, [null, "gpt-4o-mini", null]);

        Assert.Equal("""[{"role":"user","content":"q"},{"role":"assistant","content":"a","model":"gpt-4o-mini"},{"role":"user","content":"f"}]""", json);
        Assert.Equal([null, "gpt-4o-mini", null], ConversationJson.Models(json));
        Assert.Equal(messages, ConversationJson.Parse(json));
        Assert.Equal([null, null], ConversationJson.Models(ConversationJson.Write(messages.Take(2).ToList())));
    }
}
