using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Costs;

/// <summary>prices.json's batch prices: a model's own, else its discount, else the table's, else half; old files unchanged.</summary>
public sealed class BatchPriceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_BatchPriceDiscountsAndDefault_EachModelAtItsOwnBatchPrice()
    {
        _dir.WriteText(PriceTable.FileName, """
            {"currency":"USD","batchDiscount":0.25,"models":{
              "own":{"input":1,"output":4,"batch":{"input":0.4,"output":1}},
              "disc":{"input":1,"output":4,"batchDiscount":0.6},
              "table":{"input":1,"output":4},
              "yuan":{"input":2,"output":8,"currency":"CNY","batchDiscount":0}}}
            """);

        var table = PriceTable.Load(_dir.Path);

        Assert.Equal(new ModelPrice(0.4m, 1m), table.Models["OWN"].AtBatch());
        Assert.Equal(new ModelPrice(0.4m, 1.6m), table.Models["disc"].AtBatch());
        Assert.Equal(new ModelPrice(0.75m, 3m), table.Models["table"].AtBatch());
        Assert.Equal(new ModelPrice(2m, 8m, "CNY"), table.Models["yuan"].AtBatch());
        // Online prices are what they were.
        Assert.Equal((1m, 4m), (table.Models["own"].Input, table.Models["own"].Output));
    }

    [Fact]
    public void Load_FileWithoutBatchPrices_OnlineAsBeforeAndBatchAtHalf()
    {
        _dir.WriteText(PriceTable.FileName, """{"currency":"USD","models":{"gpt-4o-mini":{"input":0.15,"output":0.6}}}""");

        var price = PriceTable.Load(_dir.Path).For(["gpt-4o-mini"])!;

        Assert.Equal(0.00075m, price.Cost([new ModelSpend("gpt-4o-mini", 5000, 0)]));
        Assert.Equal(0.000375m, price.Cost([new ModelSpend("gpt-4o-mini", 5000, 0, ByBatch: true)]));
    }

    [Theory]
    [InlineData("""{"currency":"USD","batchDiscount":1.5,"models":{}}""", "batchDiscount must be between 0 and 1")]
    [InlineData("""{"currency":"USD","models":{"m":{"input":1,"output":2,"batchDiscount":-0.1}}}""", "models.m.batchDiscount must be between 0 and 1")]
    [InlineData("""{"currency":"USD","models":{"m":{"input":1,"output":2,"batch":{"input":0.5,"output":1},"batchDiscount":0.5}}}""", "models.m has both \"batch\" and \"batchDiscount\"")]
    [InlineData("""{"currency":"USD","models":{"m":{"input":1,"output":2,"batch":{"input":-1,"output":1}}}}""", "models.m has a negative price")]
    public void Load_BatchPriceThatMakesNoSense_RefusedNamingTheFileAndTheField(string json, string expected)
    {
        var path = _dir.WriteText(PriceTable.FileName, json);

        var e = Assert.Throws<RequestRefusedException>(() => PriceTable.Load(_dir.Path));

        Assert.Equal((RefusalReason.InvalidInput, path), (e.Reason, e.Where?.File));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void JobPrice_PoolWithBatchAndOnlineAnswers_EachAtItsModelsPriceForTheWayItCame()
    {
        var table = new PriceTable("USD", new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["a"] = new(1m, 8m, Batch: new BatchPrice(0.2m, 2m)),
            ["b"] = new(2m, 4m, BatchDiscount: 0.5m),
        });
        var price = table.For(["a", "b"])!;

        // a online 1000 * (1 + 8) = 9000, a batch 1000 * (0.2 + 2) = 2200, b batch 1000 * (1 + 2) = 3000; per million.
        Assert.Equal(0.0142m, price.Cost([new ModelSpend("a", 1000, 1000), new ModelSpend("a", 1000, 1000, ByBatch: true), new ModelSpend("b", 1000, 1000, ByBatch: true)]));
        // Unattributed batch tokens: the highest batch input (b's 1) and output (a's and b's 2).
        Assert.Equal(new ModelPrice(1m, 2m), price.UnattributedAtBatch);
        Assert.Equal(0.003m, price.Cost([new ModelSpend(null, 1000, 1000, ByBatch: true)]));
    }
}
