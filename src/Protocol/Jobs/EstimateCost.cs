namespace BatchAi.Protocol.Jobs;

/// <summary>A job's expected cost, from the user's price table (prices per million tokens).</summary>
/// <param name="Currency">The table's currency, e.g. <c>USD</c> or <c>CNY</c>.</param>
/// <param name="Model">The model priced.</param>
/// <param name="Input">Cost of the prompt tokens.</param>
/// <param name="Output">Cost of the expected answer tokens.</param>
/// <param name="Total">Input plus output.</param>
public sealed record EstimateCost(string Currency, string Model, decimal Input, decimal Output, decimal Total);
