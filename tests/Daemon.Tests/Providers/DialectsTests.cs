using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class DialectsTests
{
    [Theory]
    [InlineData("https://api.openai.com/v1", null, false)]
    [InlineData("https://api.deepseek.com/v1", null, true)]
    [InlineData("https://ark.cn-beijing.volces.com/api/v3", null, true)]
    [InlineData("https://dashscope.aliyuncs.com/compatible-mode/v1", null, true)]
    [InlineData("http://127.0.0.1:11434/v1", null, true)]
    [InlineData("http://gpu-box:8000/v1", null, false)]
    [InlineData("https://api.deepseek.com/v1", "max_completion_tokens", false)]
    [InlineData("http://gpu-box:8000/v1", "max_tokens", true)]
    public void For_PresetFromBaseUrl_OverriddenWhenNamed(string baseUrl, string? named, bool maxTokens)
    {
        Assert.Equal(maxTokens ? MaxTokensField.MaxTokens : MaxTokensField.MaxCompletionTokens, Dialects.For(named, baseUrl).MaxTokensField);
    }

    [Fact]
    public void Instead_OldVllmRefusesMaxCompletionTokens_MaxTokens()
    {
        var error = new ProviderError("Unrecognized request argument supplied: max_completion_tokens", "invalid_request_error", "unknown_parameter", "max_completion_tokens");

        Assert.Equal(MaxTokensField.MaxTokens, Dialects.InsteadOfMaxTokens(WireOptions.Default, error)?.MaxTokensField);
    }

    [Fact]
    public void Instead_ReasoningModelRefusesMaxTokens_MaxCompletionTokens()
    {
        var error = new ProviderError("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            "invalid_request_error", "unsupported_parameter", "max_tokens");

        Assert.Equal(MaxTokensField.MaxCompletionTokens, Dialects.InsteadOfMaxTokens(new WireOptions(MaxTokensField.MaxTokens), error)?.MaxTokensField);
    }

    [Fact]
    public void Instead_AnotherRefusal_Null()
    {
        var error = new ProviderError("This model's maximum context length is 8192 tokens.", "invalid_request_error", "context_length_exceeded", "messages");

        Assert.Null(Dialects.InsteadOfMaxTokens(WireOptions.Default, error));
    }

    [Fact]
    public void InsteadOfResponseFormat_JsonSchemaTypeRefused_JsonObject()
    {
        var error = new ProviderError("This response_format type is unavailable now: json_schema", "invalid_request_error", "invalid_request_error", null);

        Assert.Equal(ResponseFormatMode.JsonObject, Dialects.Instead(WireOptions.Default, error, sentMaxTokens: false, sentResponseFormat: true)?.ResponseFormat);
    }

    [Fact]
    public void InsteadOfResponseFormat_ParameterUnknown_Instruction()
    {
        var error = new ProviderError("Unrecognized request argument supplied: response_format", "invalid_request_error", "unknown_parameter", "response_format");

        Assert.Equal(ResponseFormatMode.Instruction, Dialects.Instead(WireOptions.Default, error, sentMaxTokens: true, sentResponseFormat: true)?.ResponseFormat);
        Assert.Equal(MaxTokensField.MaxCompletionTokens, Dialects.Instead(WireOptions.Default, error, sentMaxTokens: true, sentResponseFormat: true)?.MaxTokensField);
    }

    [Fact]
    public void InsteadOfResponseFormat_InvalidSchemaForStrictMode_Null()
    {
        var error = new ProviderError("Invalid schema for response_format 'answer': 'additionalProperties' is required to be supplied and to be false.",
            "invalid_request_error", "invalid_json_schema", "response_format");

        Assert.Null(Dialects.Instead(WireOptions.Default, error, sentMaxTokens: false, sentResponseFormat: true));
    }

    [Fact]
    public void For_DeepSeek_JsonObject() =>
        Assert.Equal(ResponseFormatMode.JsonObject, Dialects.For(null, "https://api.deepseek.com/v1").ResponseFormat);
}
