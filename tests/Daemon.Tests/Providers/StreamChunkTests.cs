using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class StreamChunkTests
{
    private static StreamChunk Parse(string data) => StreamChunk.Parse(Encoding.UTF8.GetBytes(data));

    [Fact]
    public void Parse_ContentDelta()
    {
        var chunk = Parse("""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"你好 "},"finish_reason":null}]}""");

        Assert.Equal("你好 ", chunk.Content);
        Assert.Null(chunk.Reasoning);
        Assert.Null(chunk.FinishReason);
        Assert.False(chunk.Done);
    }

    [Fact]
    public void Parse_ChoiceOfARequestWithN_ItsIndex()
    {
        var chunk = Parse("""{"choices":[{"index":2,"delta":{"content":"third"},"logprobs":null,"finish_reason":null}]}""");

        Assert.Equal((2, "third"), (chunk.Index, chunk.Content));
        Assert.Null(chunk.Others);
    }

    [Fact]
    public void Parse_SeveralChoicesInOneEvent_EachByItsIndex()
    {
        var chunk = Parse("""
            {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":"stop"},
                        {"index":2,"delta":{"reasoning_content":"c"},"finish_reason":null}]}
            """);

        Assert.Equal((0, "a"), (chunk.Index, chunk.Content));
        Assert.Equal([new ChoiceDelta(1, "b", null, "stop"), new ChoiceDelta(2, null, "c", null)], chunk.Others!);
    }

    [Theory]
    [InlineData("reasoning_content")] // DeepSeek, Ark
    [InlineData("reasoning")] // vLLM, Ollama
    public void Parse_ReasoningDelta(string field)
    {
        var chunk = Parse($$$"""{"choices":[{"delta":{"{{{field}}}":"thinking","content":null}}]}""");

        Assert.Equal("thinking", chunk.Reasoning);
        Assert.Null(chunk.Content);
    }

    [Fact]
    public void Parse_FinishAndUsage_NestedObjectsSkipped()
    {
        var chunk = Parse("""
            {"choices":[{"delta":{},"logprobs":{"content":[{"token":"a","top":[1,2]}]},"finish_reason":"length"}],
             "usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"prompt_tokens_details":{"cached_tokens":0}}}
            """);

        Assert.Equal("length", chunk.FinishReason);
        Assert.Equal((12, 34), (chunk.PromptTokens, chunk.CompletionTokens));
    }

    [Fact]
    public void Parse_OnlyFirstChoiceRead_EmptyChoicesAndEscapedNamesHandled()
    {
        Assert.Equal("first", Parse("""{"choices":[{"delta":{"content":"first"}},{"delta":{"content":"second"}}]}""").Content);
        Assert.Null(Parse("""{"choices":[],"usage":null}""").Content);
        Assert.Equal("x", Parse("""{"choices":[{"delta":{"\u0063ontent":"x"}}]}""").Content);
    }

    [Fact]
    public void Parse_Done()
    {
        Assert.True(Parse("[DONE]").Done);
    }

    [Theory]
    [InlineData("""{"error":{"message":"overloaded","type":"server_error"}}""", "overloaded")]
    [InlineData("""{"error":"upstream timeout"}""", "upstream timeout")]
    public void Parse_ErrorInsideStream(string data, string message)
    {
        Assert.Equal(message, Parse(data).Error);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"choices":[{"delta":{"content":"cut""")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void Parse_NotAJsonObject_Throws(string data)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(data));
    }
}
