using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Tests.Costs;

public sealed class BudgetCheckTests
{
    [Fact]
    public void Reached_UnderEveryLimit_Null() =>
        Assert.Null(BudgetCheck.Reached("j1", new JobBudget(1000, 1m), 999, 0.99m, "USD"));

    [Fact]
    public void Reached_TokenLimit_SaysLimitSpendAndARaisedBudgetKeepingTheOtherLimit()
    {
        var message = BudgetCheck.Reached("j1", new JobBudget(1000, 5m), 1042, 0.5m, "USD");

        Assert.NotNull(message);
        Assert.Contains("token budget of 1,000 (1,042 tokens spent, 0.5 USD)", message);
        Assert.Contains("\"budget\": { \"maxTokens\": 2000, \"maxCost\": 5 }", message);
        Assert.Contains("batchai resume j1 --budget-tokens 2000", message);
    }

    [Fact]
    public void Reached_CostLimit_SaysCurrencyAndSpend()
    {
        var message = BudgetCheck.Reached("j1", new JobBudget(MaxCost: 0.25m), 5000, 0.2512m, "CNY");

        Assert.Contains("cost budget of 0.25 CNY (0.2512 CNY spent, 5,000 tokens)", message);
        Assert.Contains("--budget-cost 0.5", message);
    }

    [Fact]
    public void Reached_CostLimitWithoutPrice_NotJudged() =>
        Assert.Null(BudgetCheck.Reached("j1", new JobBudget(MaxCost: 0.25m), 1_000_000, null, null));

    [Theory]
    [InlineData(0L, null, "budget.maxTokens")]
    [InlineData(null, "0", "budget.maxCost")]
    [InlineData(null, "1", "budget.maxCost")] // no price
    public void Validate_BadOrUnpricedLimit_NamesTheField(long? tokens, string? cost, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => BudgetCheck.Validate(new JobBudget(tokens, cost is null ? null : decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture)),
            null, ["gpt-x"], "budget"));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void PriceTable_PoolOfModels_EachAnswerAtItsModelsPriceAndNullWhenOneIsMissing()
    {
        var price = Table().For(["a", "B"]);

        Assert.NotNull(price);
        Assert.Equal("USD", price.Currency);
        // a: 5 prompt at 1 + 1 completion at 8; b: 5 at 2 + 1 at 4. Per million, summed exactly, rounded once.
        Assert.Equal(0.000027m, price.Cost([new ModelSpend("a", 5, 1), new ModelSpend("b", 5, 1)]));
        Assert.Equal(0.000013m, price.Cost([new ModelSpend("A", 5, 1)]));
        Assert.Null(Table().For(["a", "c"]));
    }

    [Fact]
    public void JobPrice_TokensOfNoKnownModel_AtTheHighestInputAndOutputPrice()
    {
        var price = Table().For(["a", "b"])!;

        Assert.Equal(new ModelPrice(2m, 8m), price.Unattributed);
        Assert.Equal(0.000018m, price.Cost([new ModelSpend(null, 5, 1)]));
    }

    [Fact]
    public void PriceTable_ModelsInTwoCurrencies_NoJobPriceForThemTogether()
    {
        var table = Table();

        Assert.Null(table.For(["a", "yuan"]));
        Assert.Equal("CNY", table.For(["yuan"])!.Currency);
        Assert.Equal("CNY", table.For(["yuan", "yuan2"])!.Currency);
    }

    [Fact]
    public void PriceTable_Load_ModelWithItsOwnCurrency_ThatCurrencyElseTheTables()
    {
        using var dir = new TempDirectory();
        dir.WriteText(PriceTable.FileName, """{"currency":"USD","models":{"gpt-4o-mini":{"input":0.15,"output":0.6},"doubao":{"input":0.8,"output":2,"currency":"CNY"}}}""");

        var table = PriceTable.Load(dir.Path);

        Assert.Equal("USD", table.CurrencyOf(table.Models["GPT-4o-mini"]));
        Assert.Equal("CNY", table.CurrencyOf(table.Models["doubao"]));
    }

    [Fact]
    public void Validate_CostLimitOnAPoolMissingOnePrice_NamesTheFieldAndOnlyThatModel()
    {
        var e = Assert.Throws<RequestRefusedException>(() => BudgetCheck.Validate(new JobBudget(MaxCost: 1m), Table(), ["a", "c"], "budget"));

        Assert.Equal(("budget.maxCost", RefusalReason.InvalidField), (e.Where?.Field, e.Reason));
        Assert.Contains("needs a price for c in prices.json", e.Message);
    }

    [Fact]
    public void Validate_CostLimitOnAPoolInTwoCurrencies_InvalidParamsNamingTheFieldAndTheCurrencies()
    {
        var e = Assert.Throws<RequestRefusedException>(() => BudgetCheck.Validate(new JobBudget(MaxCost: 1m), Table(), ["a", "b", "yuan"], "budget"));

        Assert.Equal(("budget.maxCost", RefusalReason.InvalidField), (e.Where?.Field, e.Reason));
        Assert.Contains("different currencies", e.Message);
        Assert.Contains("a, b: USD", e.Message);
        Assert.Contains("yuan: CNY", e.Message);
        // A token limit needs no price: the same pool may have one.
        BudgetCheck.Validate(new JobBudget(MaxTokens: 1000), Table(), ["a", "b", "yuan"], "budget");
    }

    private static PriceTable Table() => new("USD", new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = new(1m, 8m),
        ["b"] = new(2m, 4m),
        ["yuan"] = new(3m, 9m, "CNY"),
        ["yuan2"] = new(1m, 1m, "cny"),
    });

    [Fact]
    public void PilotSample_SameInput_SameRowsInInputOrderSpreadOverTheFile()
    {
        PilotSample Sample()
        {
            var sample = new PilotSample(10);
            for (var i = 0; i < 1000; i++)
            {
                sample.Offer(i, $"q{i}");
            }

            return sample;
        }

        var rows = Sample().Rows.Select(r => r.Index).ToList();

        Assert.Equal(rows, Sample().Rows.Select(r => r.Index));
        Assert.Equal(10, rows.Distinct().Count());
        Assert.Equal(rows.Order(), rows);
        Assert.True(rows[^1] > 500, "a uniform sample of 10 from 1000 reaches past the first half");
    }
}
