namespace BatchAi.Daemon.Providers;

/// <summary>An endpoint refused a request for the name of a parameter, naming the dialect to send it in instead.</summary>
internal sealed class WrongDialectException(WireOptions instead, Exception inner)
    : Exception($"the endpoint refused a parameter; sending as {instead.MaxTokensField}, response format {instead.ResponseFormat}", inner)
{
    public WireOptions Instead { get; } = instead;
}
