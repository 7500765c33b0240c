namespace BatchAi.Daemon.Prompting;

/// <summary>
/// A structured answer asked for: a JSON Schema the answer must match. Part of the request (hashed by the fingerprint), since
/// the same question with another schema has another answer; how it is sent is the endpoint's dialect, not this.
/// </summary>
/// <param name="Name">The schema's name as OpenAI's <c>json_schema.name</c> takes it (letters, digits, <c>_</c> and <c>-</c>).</param>
/// <param name="Schema">The schema as compact JSON text, written as is into the fingerprint and the wire body.</param>
/// <param name="Strict">OpenAI's strict mode: the provider guarantees a matching answer, for schemas of its supported subset only.</param>
internal sealed record ResponseFormat(string Name, string Schema, bool Strict = false)
{
    /// <summary>
    /// The instruction an endpoint without <c>json_schema</c> gets in its system message instead. Starts with a fixed line,
    /// which the simulator also knows, so a test can see the instruction form arrived.
    /// </summary>
    public string Instruction() =>
        $"{InstructionMarker} It must match this JSON Schema:\n{Schema}";

    /// <summary>The first line of <see cref="Instruction"/>.</summary>
    public const string InstructionMarker = "Answer with one JSON object only, no prose and no code fence.";
}
