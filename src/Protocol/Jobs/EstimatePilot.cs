namespace BatchAi.Protocol.Jobs;

/// <summary>What the pilot of an <c>estimateJob</c> measured and spent.</summary>
/// <param name="Rows">Rows in the pilot: a sample spread over the input, chosen the same way every time.</param>
/// <param name="Sent">Of those, the rows really sent; the others were answered before and came from the response cache (free).</param>
/// <param name="PromptTokens">Prompt tokens the provider reported for the pilot rows.</param>
/// <param name="CompletionTokens">Completion tokens the provider reported for the pilot rows.</param>
/// <param name="Spent">The pilot's own spend: the tokens of the rows sent (cached rows cost nothing).</param>
/// <param name="Cost">The pilot's own cost from the price table, when it has the model.</param>
/// <param name="Failed">Pilot rows that got no answer (an error after the last retry); the estimate is made from the others.</param>
/// <param name="ReasksPerRow">
/// With a <c>responseFormat</c>: the re-asks the pilot's sent rows took on average (0.1 is one row in ten asked again because
/// its answer did not match the schema), each a request of its own; rows from the cache are not counted. Absent without a
/// schema, or when no pilot row was sent and answered.
/// </param>
public sealed record EstimatePilot(int Rows, int Sent, long PromptTokens, long CompletionTokens, long Spent, decimal? Cost, int Failed = 0,
    double? ReasksPerRow = null);
