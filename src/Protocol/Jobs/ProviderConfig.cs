namespace BatchAi.Protocol.Jobs;

/// <summary>An OpenAI-compatible chat endpoint.</summary>
/// <param name="BaseUrl">The API's base URL, e.g. <c>https://api.openai.com/v1</c> or <c>https://ark.cn-beijing.volces.com/api/v3</c>.</param>
/// <param name="Model">The model (or Ark endpoint id) to ask.</param>
/// <param name="ApiKey">The key itself. It is held in memory only: never written to the ledger, logs or exports.</param>
/// <param name="ApiKeyEnv">The name of an environment variable of the daemon that holds the key, e.g. <c>OPENAI_API_KEY</c>.</param>
/// <param name="MaxTokensParameter">How the endpoint names the answer's token cap (<c>max_completion_tokens</c> or <c>max_tokens</c>), as in <see cref="EndpointConfig"/>.</param>
public sealed record ProviderConfig(string BaseUrl, string Model, string? ApiKey = null, string? ApiKeyEnv = null, string? MaxTokensParameter = null)
{
    /// <summary>Keeps the key out of logs and error messages that print the record.</summary>
    public override string ToString() => $"ProviderConfig {{ BaseUrl = {BaseUrl}, Model = {Model}, ApiKey = {(ApiKey is null ? "none" : "***")}, ApiKeyEnv = {ApiKeyEnv}, MaxTokensParameter = {MaxTokensParameter} }}";
}
