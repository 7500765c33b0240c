using System.Text.Json;
using BatchAi.Protocol;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The user's prices, per million tokens, in <c>prices.json</c> in the data directory:
/// <c>{"currency":"USD","models":{"gpt-4o-mini":{"input":0.15,"output":0.6}}}</c>. None are shipped:
/// prices change, and a wrong built-in price is worse than none.
/// </summary>
internal sealed record PriceTable(string Currency, IReadOnlyDictionary<string, ModelPrice> Models)
{
    public const string FileName = "prices.json";

    /// <summary>
    /// The price of a job on these models: each must have one. A pool of models with different prices is priced at the
    /// highest of each (rows do not record which endpoint answered), so its cost and budget are an upper bound.
    /// </summary>
    public JobPrice? For(IEnumerable<string> models)
    {
        var prices = new List<ModelPrice>();
        foreach (var model in models.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Models.TryGetValue(model, out var price))
            {
                return null;
            }

            prices.Add(price);
        }

        return prices.Count == 0 ? null : new JobPrice(Currency, prices.Max(p => p.Input), prices.Max(p => p.Output));
    }

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
            throw new JobException(ErrorCodes.InvalidInput, $"{path} is not a price table ({e.Message}). Expected {{\"currency\":\"USD\",\"models\":{{\"MODEL\":{{\"input\":0.15,\"output\":0.6}}}}}}, prices per million tokens.",
                new ErrorData(File: path));
        }
    }
}

/// <summary>A model's price per million tokens.</summary>
internal sealed record ModelPrice(decimal Input, decimal Output);
