namespace BatchAi.Daemon.Providers;

/// <summary>How a dialect asks for a structured answer (a request's <c>ResponseFormat</c>).</summary>
internal enum ResponseFormatMode
{
    /// <summary><c>response_format: {type: "json_schema", json_schema: {name, schema, strict}}</c>: OpenAI's structured outputs (the default).</summary>
    JsonSchema,

    /// <summary>
    /// <c>response_format: {type: "json_object"}</c> and the schema as an instruction in the system message: JSON mode, which
    /// DeepSeek and many gateways accept where they refuse <c>json_schema</c>. The answer is JSON, not necessarily the schema's.
    /// </summary>
    JsonObject,

    /// <summary>No <c>response_format</c> at all, only the instruction: for endpoints that refuse the parameter outright.</summary>
    Instruction,
}
