using System.Text.Json;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The user's prices, per million tokens, in <c>prices.json</c> in the data directory:
/// <c>{"currency":"USD","models":{"gpt-4o-mini":{"input":0.15,"output":0.6}}}</c>. A model may name its own currency
/// (<c>{"input":2,"output":8,"currency":"CNY"}</c>) when its provider bills in another. None are shipped:
/// prices change, and a wrong built-in price is worse than none.
/// Answers from a provider's Batch API are charged at the model's batch price: its own
/// (<c>"batch":{"input":0.075,"output":0.3}</c>), else its price less its <c>batchDiscount</c>, else less the table's
/// <c>batchDiscount</c>, else half (OpenAI's and most copies' batch price). Files written before batch prices read as before.
/// </summary>
/// <param name="BatchDiscount">The share taken off a model's price for a batch answer, 0 to 1, when the model says neither.</param>
internal sealed record PriceTable(string Currency, IReadOnlyDictionary<string, ModelPrice> Models, decimal? BatchDiscount = null)
{
    public const string FileName = "prices.json";

    /// <summary>
    /// The price of a job on these models, each answer charged at the price of the model that wrote it: null unless every
    /// model has a price and all are in one currency, since costs in two currencies have no one sum.
    /// </summary>
    public JobPrice? For(IEnumerable<string> models)
    {
        var prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            if (!Models.TryGetValue(model, out var price))
            {
                return null;
            }

            prices[model] = price;
        }

        var currencies = prices.Values.Select(CurrencyOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return currencies.Count == 1 ? new JobPrice(currencies[0], prices) : null;
    }

    /// <summary>The currency <paramref name="price"/> is in: its own, else the table's.</summary>
    public string CurrencyOf(ModelPrice price) => string.IsNullOrWhiteSpace(price.Currency) ? Currency : price.Currency;

    public static PriceTable Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return new PriceTable("USD", new Dictionary<string, ModelPrice>());
        }

        try
        {
            var table = JsonSerializer.Deserialize<PriceTable>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web));
            return table is { Currency: not null, Models: not null }
                ? table.Resolved()
                : throw new JsonException("it needs \"currency\" and \"models\"");
        }
        catch (JsonException e)
        {
            throw new RequestRefusedException(RefusalReason.InvalidInput, $"{path} is not a price table ({e.Message}). Expected {{\"currency\":\"USD\",\"models\":{{\"MODEL\":{{\"input\":0.15,\"output\":0.6}}}}}}, prices per million tokens "
                + "(a model may add \"batch\":{\"input\":0.075,\"output\":0.3} or \"batchDiscount\":0.5 for answers from a provider batch).",
                new RefusedAt(File: path));
        }
    }

    // Models by name case aside, each with the discount it gets (its own, else the table's), so that a model's batch price
    // needs no table; a price that makes no sense is refused naming the model.
    private PriceTable Resolved()
    {
        CheckDiscount(BatchDiscount, "batchDiscount");
        var models = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, price) in Models)
        {
            if (price is null)
            {
                throw new JsonException($"models.{name} has no price");
            }

            if (price.Input < 0 || price.Output < 0 || price.Batch is { Input: < 0 } or { Output: < 0 })
            {
                throw new JsonException($"models.{name} has a negative price");
            }

            if (price.Batch is not null && price.BatchDiscount is not null)
            {
                throw new JsonException($"models.{name} has both \"batch\" and \"batchDiscount\": give one");
            }

            CheckDiscount(price.BatchDiscount, $"models.{name}.batchDiscount");
            models[name] = price with { BatchDiscount = price.BatchDiscount ?? BatchDiscount };
        }

        return this with { Models = models };
    }

    private static void CheckDiscount(decimal? discount, string field)
    {
        if (discount is < 0 or > 1)
        {
            throw new JsonException($"{field} must be between 0 and 1, the share taken off the online price (got {discount})");
        }
    }
}

/// <summary>A model's price per million tokens; <paramref name="Currency"/>, when given, instead of the table's.</summary>
/// <param name="Batch">Its price for an answer from a provider batch, when the provider's is not a plain discount.</param>
/// <param name="BatchDiscount">The share taken off <paramref name="Input"/> and <paramref name="Output"/> for a batch answer, when <paramref name="Batch"/> is not given.</param>
internal sealed record ModelPrice(decimal Input, decimal Output, string? Currency = null, BatchPrice? Batch = null, decimal? BatchDiscount = null)
{
    /// <summary>What OpenAI's Batch API takes off (half price), and Azure OpenAI's global batch, Groq and Together alike.</summary>
    public const decimal DefaultBatchDiscount = 0.5m;

    /// <summary>Its price for an answer from a provider batch: <see cref="Batch"/>, else less the discount, in the same currency.</summary>
    public ModelPrice AtBatch() => Batch is { } batch
        ? new ModelPrice(batch.Input, batch.Output, Currency)
        : new ModelPrice(Input * (1 - (BatchDiscount ?? DefaultBatchDiscount)), Output * (1 - (BatchDiscount ?? DefaultBatchDiscount)), Currency);
}

/// <summary>A model's own batch price per million tokens, in the model's currency.</summary>
internal sealed record BatchPrice(decimal Input, decimal Output);
