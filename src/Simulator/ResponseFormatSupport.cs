namespace BatchAi.Simulator;

/// <summary>Which <c>response_format</c> the simulated endpoint accepts (see <see cref="SimulatorOptions.ResponseFormatSupport"/>).</summary>
public enum ResponseFormatSupport
{
    /// <summary><c>json_schema</c> and <c>json_object</c>, as OpenAI's current models (the default).</summary>
    JsonSchema,

    /// <summary>
    /// <c>json_object</c> only; <c>json_schema</c> is refused with 400 naming <c>response_format</c>, as DeepSeek ("This
    /// response_format type is unavailable now") and many gateways do.
    /// </summary>
    JsonObjectOnly,

    /// <summary>No <c>response_format</c> at all: refused with 400 <c>unknown_parameter</c>, as servers that validate their parameters do.</summary>
    None,
}
