namespace BatchAi.Simulator.Http;

/// <summary>A request the simulator answers with 400 and an <c>invalid_request_error</c> body.</summary>
internal sealed class InvalidRequestException(string message, string? param) : Exception(message)
{
    public string? Param { get; } = param;
}
