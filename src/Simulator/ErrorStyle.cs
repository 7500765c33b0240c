namespace BatchAi.Simulator;

/// <summary>The error body a 429 from the simulator's own limits carries (see <see cref="SimulatorOptions.ErrorStyle"/>).</summary>
public enum ErrorStyle
{
    /// <summary>OpenAI's <c>{"error":{"message","type":"requests","param":null,"code":"rate_limit_exceeded"}}</c>.</summary>
    OpenAi,

    /// <summary>
    /// Volcengine Ark's <c>{"error":{"code","message","param":"","type":"TooManyRequests"}}</c>, with the code
    /// <c>RateLimitExceeded.EndpointRPMExceeded</c> or <c>RateLimitExceeded.EndpointTPMExceeded</c> (Ark's public error codes).
    /// </summary>
    Ark,
}
