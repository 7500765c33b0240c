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

    [Theory]
    [InlineData("https://api.openai.com/v1", true)]
    [InlineData("http://gpu-box:8000/v1", true)] // vLLM
    [InlineData("https://api.deepseek.com/v1", false)]
    [InlineData("http://127.0.0.1:11434/v1", false)] // Ollama
    public void For_ChoicesKnownAbsentForDeepSeekAndOllama(string baseUrl, bool choices)
    {
        Assert.Equal(choices, Dialects.For(null, baseUrl).Choices);
        Assert.Equal(choices, Dialects.TakesChoices(baseUrl));
    }

    [Fact]
    public void Instead_GroqRefusesN_NoChoices()
    {
        var error = new ProviderError("'n' : number must be at most 1", "invalid_request_error", null, "n");

        Assert.Equal(WireOptions.Default with { Choices = false }, Dialects.Instead(WireOptions.Default, error, false, false, sentChoices: true));
        Assert.Null(Dialects.Instead(WireOptions.Default, error, false, false, sentChoices: false));
    }

    [Fact]
    public void Instead_UnknownSeed_NoSeed()
    {
        var error = new ProviderError("Unrecognized request argument supplied: seed", "invalid_request_error", "unknown_parameter", "seed");

        Assert.Equal(WireOptions.Default with { Seed = false }, Dialects.Instead(WireOptions.Default, error, false, false, sentSeed: true));
    }

    [Fact]
    public void Instead_AnotherParameterStartingWithN_NotTakenForN()
    {
        var error = new ProviderError("Unrecognized request argument supplied: 'name'", "invalid_request_error", "unknown_parameter", "name");

        Assert.Null(Dialects.Instead(WireOptions.Default, error, false, false, sentChoices: true));
    }
}
