using BatchAi.Daemon.Batching;

namespace BatchAi.Daemon.Tests.Batching;

public sealed class ResultLineParserTests
{
    [Fact]
    public void Parse_OpenAiOutputLine_AnswerUsageFinishReasonModel()
    {
        var line = ResultLineParser.Parse("""
            {"id":"batch_req_1","custom_id":"job1:7","response":{"status_code":200,"request_id":"r","body":{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"Paris.","reasoning_content":"think"},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}},"error":null}
            """);

        Assert.Equal(new ResultLine("job1:7", ResultKind.Answered, "Paris.", "think", 12, 3, "stop", "gpt-4o-mini-2024-07-18"), line);
    }

    [Theory]
    [InlineData("""{"custom_id":"j:1","response":{"status_code":400,"body":{"error":{"message":"Invalid 'messages'","type":"invalid_request_error","code":"invalid_value"}}},"error":null}""", "Refused", "HTTP 400: invalid_value: Invalid 'messages'")]
    [InlineData("""{"custom_id":"j:1","response":{"status_code":429,"body":{"error":{"message":"Rate limit"}}},"error":null}""", "Retry", "HTTP 429: Rate limit")]
    [InlineData("""{"custom_id":"j:1","response":{"status_code":500,"body":{}},"error":null}""", "Retry", "HTTP 500: no message")]
    [InlineData("""{"id":"batch_req_2","custom_id":"j:1","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}""", "Retry", "batch_expired: This request could not be executed before the completion window expired.")]
    [InlineData("""{"custom_id":"j:1","response":{"status_code":401,"body":{"error":{"message":"Incorrect API key provided: sk-abcd1234efgh"}}}}""", "Refused", "HTTP 401: Incorrect API key provided: sk-***")]
    public void Parse_ErrorLines_SortedByWhatToDo(string text, string kind, string error)
    {
        var line = ResultLineParser.Parse(text);

        Assert.Equal(("j:1", kind, error), (line.CustomId, line.Kind.ToString(), line.Error));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("""{"response":{"status_code":200}}""", "no custom_id")]
    [InlineData("""{"custom_id":"j:1"}""", "neither a response nor an error")]
    [InlineData("""{"custom_id":"j:1","response":{"status_code":200,"body":{"choices":[]}}}""", "a 200 response without choices")]
    public void Parse_NotAResultLine_MalformedWithReason(string text, string reason)
    {
        var line = ResultLineParser.Parse(text);

        Assert.Equal(ResultKind.Malformed, line.Kind);
        Assert.StartsWith(reason, line.Error);
    }

    [Theory]
    [InlineData("abc123:0", "abc123", 0L)]
    [InlineData("abc:123:45", "abc:123", 45L)]
    public void CustomId_RoundTrips(string text, string job, long row)
    {
        Assert.True(CustomId.TryParse(text, out var j, out var r));
        Assert.Equal((job, row), (j, r));
        Assert.Equal(text, CustomId.Format(job, row));
    }

    [Theory]
    [InlineData("request-1")]
    [InlineData(":1")]
    [InlineData("job:-1")]
    [InlineData("job:x")]
    [InlineData(null)]
    public void CustomId_NotJobAndRow_False(string? text) => Assert.False(CustomId.TryParse(text, out _, out _));
}
