using System.Text.Json;

namespace BatchAi.Protocol.Jobs;

/// <summary>
/// A structured answer: every answer must be a JSON object matching <see cref="JsonSchema"/>. It is sent as the endpoint's
/// <c>response_format: {type: "json_schema"}</c> where the endpoint takes it, else as <c>json_object</c> or as an instruction
/// in the system message (learned from the endpoint's 400); every answer is validated by the daemon, and an invalid one is
/// asked again with the validation errors, up to <see cref="MaxReasks"/> times. A row that never validates fails, naming
/// the errors, with its last answer kept in <c>answer</c>.
/// </summary>
/// <param name="JsonSchema">The JSON Schema (draft 2020-12 unless its <c>$schema</c> says), an object schema; its top-level <c>properties</c> become columns of CSV and XLSX exports.</param>
/// <param name="Name">The schema's name as the provider is told it (letters, digits, <c>_</c>, <c>-</c>; default <c>answer</c>).</param>
/// <param name="Strict">OpenAI's strict mode (default false): the provider guarantees a matching answer, but takes only schemas of its subset (every property required, <c>additionalProperties: false</c>).</param>
/// <param name="MaxReasks">How many times an invalid answer is asked again (default 2, 0 to 10); each re-ask is a request, paid and counted in the budget.</param>
public sealed record ResponseFormatOptions(JsonElement JsonSchema, string? Name = null, bool? Strict = null, int? MaxReasks = null);
