using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// What one job's tokens cost, per million, from <see cref="PriceTable"/>: each of its models at its own price, all in one
/// currency, so that a pool of a cheap and a dear model is charged for what each answered.
/// </summary>
/// <param name="Currency">The currency every one of the job's models is priced in.</param>
/// <param name="Models">The price of each of the job's models, by name (case aside, as in the table).</param>
internal sealed record JobPrice(string Currency, IReadOnlyDictionary<string, ModelPrice> Models)
{
    /// <summary>
    /// The price of tokens whose model the ledger does not know (a pool's rows answered before schema 8 recorded it): the
    /// highest input and the highest output price among the job's models, so their cost is an upper bound, never less than paid.
    /// </summary>
    public ModelPrice Unattributed { get; } = new(Models.Values.Max(p => p.Input), Models.Values.Max(p => p.Output));

    /// <summary>As <see cref="Unattributed"/>, for answers from a provider batch: the highest batch prices.</summary>
    public ModelPrice UnattributedAtBatch { get; } = new(Models.Values.Max(p => p.AtBatch().Input), Models.Values.Max(p => p.AtBatch().Output));

    /// <summary>
    /// The cost of what each model spent, each at its price (its batch price for what a provider batch answered), summed
    /// exactly and rounded once.
    /// </summary>
    public decimal Cost(IEnumerable<ModelSpend> spent)
    {
        var total = 0m;
        foreach (var s in spent)
        {
            var price = s.Model is not null && Models.TryGetValue(s.Model, out var own)
                ? s.ByBatch ? own.AtBatch() : own
                : s.ByBatch ? UnattributedAtBatch : Unattributed;
            total += (s.PromptTokens * price.Input) + (s.CompletionTokens * price.Output);
        }

        return Math.Round(total / 1_000_000m, 6);
    }
}
