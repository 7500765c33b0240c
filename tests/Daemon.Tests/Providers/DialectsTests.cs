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

        Assert.Equal(MaxTokensField.MaxTokens, Dialects.Instead(WireOptions.Default, error)?.MaxTokensField);
    }

    [Fact]
    public void Instead_ReasoningModelRefusesMaxTokens_MaxCompletionTokens()
    {
        var error = new ProviderError("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
            "invalid_request_error", "unsupported_parameter", "max_tokens");

        Assert.Equal(MaxTokensField.MaxCompletionTokens, Dialects.Instead(new WireOptions(MaxTokensField.MaxTokens), error)?.MaxTokensField);
    }

    [Fact]
    public void Instead_AnotherRefusal_Null()
    {
        var error = new ProviderError("This model's maximum context length is 8192 tokens.", "invalid_request_error", "context_length_exceeded", "messages");

        Assert.Null(Dialects.Instead(WireOptions.Default, error));
    }
}
