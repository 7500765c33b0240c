namespace BatchAi.Daemon.Jobs;

/// <summary>What one job's tokens cost, per million, from <see cref="PriceTable"/>.</summary>
/// <param name="Currency">The table's currency.</param>
/// <param name="Input">Price of a million prompt tokens.</param>
/// <param name="Output">Price of a million completion tokens.</param>
internal sealed record JobPrice(string Currency, decimal Input, decimal Output)
{
    public decimal Cost(long promptTokens, long completionTokens) =>
        Math.Round((promptTokens * Input + completionTokens * Output) / 1_000_000m, 6);
}
