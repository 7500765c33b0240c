namespace BatchAi.Protocol.Jobs;

/// <summary>A job's expected cost, from the user's price table (prices per million tokens).</summary>
/// <param name="Currency">The table's currency, e.g. <c>USD</c> or <c>CNY</c>.</param>
/// <param name="Model">The model priced; for a pool of several models, their names joined with " + ".</param>
/// <param name="Input">Cost of the prompt tokens.</param>
/// <param name="Output">Cost of the expected answer tokens.</param>
/// <param name="Total">Input plus output. For a pool of several models, each model's share of the rows is its endpoints' share of the weights.</param>
/// <param name="Low">For a pool of several models: the total if every row went to the cheapest.</param>
/// <param name="High">For a pool of several models: the total if every row went to the dearest (what a budget must allow for).</param>
public sealed record EstimateCost(string Currency, string Model, decimal Input, decimal Output, decimal Total, decimal? Low = null, decimal? High = null);
