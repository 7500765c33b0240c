namespace BatchAi.Daemon.Providers;

/// <summary>An endpoint refused a request for the name of a parameter, naming the dialect to send it in instead.</summary>
internal sealed class WrongDialectException(WireOptions instead, Exception inner)
    : Exception($"the endpoint refused the parameter's name; sending as {instead.MaxTokensField}", inner)
{
    public WireOptions Instead { get; } = instead;
}
