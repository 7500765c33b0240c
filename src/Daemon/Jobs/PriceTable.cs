using System.Text.Json;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The user's prices, per million tokens, in <c>prices.json</c> in the data directory:
/// <c>{"currency":"USD","models":{"gpt-4o-mini":{"input":0.15,"output":0.6}}}</c>. A model may name its own currency
/// (<c>{"input":2,"output":8,"currency":"CNY"}</c>) when its provider bills in another. None are shipped:
/// prices change, and a wrong built-in price is worse than none.
/// </summary>
internal sealed record PriceTable(string Currency, IReadOnlyDictionary<string, ModelPrice> Models)
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
                ? table with { Models = new Dictionary<string, ModelPrice>(table.Models, StringComparer.OrdinalIgnoreCase) }
                : throw new JsonException("it needs \"currency\" and \"models\"");
        }
        catch (JsonException e)
        {
            throw new RequestRefusedException(RefusalReason.InvalidInput, $"{path} is not a price table ({e.Message}). Expected {{\"currency\":\"USD\",\"models\":{{\"MODEL\":{{\"input\":0.15,\"output\":0.6}}}}}}, prices per million tokens.",
                new RefusedAt(File: path));
        }
    }
}

/// <summary>A model's price per million tokens; <paramref name="Currency"/>, when given, instead of the table's.</summary>
internal sealed record ModelPrice(decimal Input, decimal Output, string? Currency = null);
