using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

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
        var e = Assert.Throws<JobException>(() => BudgetCheck.Validate(new JobBudget(tokens, cost is null ? null : decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture)),
            null, ["gpt-x"], "budget"));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void PriceTable_PoolOfModels_PricedAtTheHighestOfEachAndNullWhenOneIsMissing()
    {
        var table = new PriceTable("USD", new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["a"] = new(1m, 8m),
            ["b"] = new(2m, 4m),
        });

        Assert.Equal(new JobPrice("USD", 2m, 8m), table.For(["a", "B"]));
        Assert.Null(table.For(["a", "c"]));
        Assert.Equal(0.000018m, new JobPrice("USD", 2m, 8m).Cost(5, 1));
    }

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
