namespace BatchAi.Protocol.Jobs;

/// <summary>One endpoint of a job's pool (or of a profile): where to send, with what key, how much of the work, and its limits.</summary>
/// <param name="Name">A name for messages, statistics and <c>resumeJob</c>'s <c>apiKeys</c>; default <c>endpoint1</c>, <c>endpoint2</c>... by position.</param>
/// <param name="BaseUrl">The API's base URL, e.g. <c>https://api.openai.com/v1</c>.</param>
/// <param name="Model">The model (or Ark endpoint id) to ask.</param>
/// <param name="ApiKey">The key itself, held in memory only. A profile refuses it: profiles name a variable instead.</param>
/// <param name="ApiKeyEnv">The name of an environment variable of the daemon that holds the key.</param>
/// <param name="Weight">Its share of the work relative to the others (default 1): requests go where outstanding ÷ weight is least.</param>
/// <param name="RequestsPerMinute">The provider's request limit, if known; otherwise learned from <c>x-ratelimit-*</c> headers.</param>
/// <param name="TokensPerMinute">The provider's token limit (prompt + <c>max_tokens</c>, corrected from reported usage), if known.</param>
/// <param name="MaxConcurrent">The most requests in flight at this endpoint; the adaptive limit never goes above it.</param>
/// <param name="MaxTokensParameter">How this endpoint names the answer's token cap: <c>max_completion_tokens</c> (OpenAI) or <c>max_tokens</c>
/// (DeepSeek, Volcengine Ark, DashScope, Ollama, older vLLM). Default: known from the base URL, else <c>max_completion_tokens</c>; a 400 naming the
/// parameter as unknown switches it and the row is sent again.</param>
public sealed record EndpointConfig(
    string BaseUrl,
    string Model,
    string? Name = null,
    string? ApiKey = null,
    string? ApiKeyEnv = null,
    double? Weight = null,
    int? RequestsPerMinute = null,
    long? TokensPerMinute = null,
    int? MaxConcurrent = null,
    string? MaxTokensParameter = null)
{
    /// <summary>Keeps the key out of logs and error messages that print the record.</summary>
    public override string ToString() =>
        $"EndpointConfig {{ Name = {Name}, BaseUrl = {BaseUrl}, Model = {Model}, ApiKey = {(ApiKey is null ? "none" : "***")}, ApiKeyEnv = {ApiKeyEnv}, Weight = {Weight}, RequestsPerMinute = {RequestsPerMinute}, TokensPerMinute = {TokensPerMinute}, MaxConcurrent = {MaxConcurrent}, MaxTokensParameter = {MaxTokensParameter} }}";
}
