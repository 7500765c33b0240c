using BatchAi.Daemon.Common;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>The user's price table (prices.json in the data directory): the price a job's tokens are charged at, and budgets checked against it.</summary>
internal sealed class JobPricing(string dataDirectory, Action<string> log)
{
    /// <summary>The price table; a file that cannot be read is the caller's error.</summary>
    public PriceTable Load() => PriceTable.Load(dataDirectory);

    /// <summary>The price table; a file that cannot be read is logged and taken as no prices, so that jobs still describe themselves.</summary>
    public PriceTable? TryLoad()
    {
        try
        {
            return Load();
        }
        catch (RequestRefusedException e)
        {
            log(e.Message);
            return null;
        }
    }

    public static JobPrice? PriceOf(JobSpec spec, PriceTable? table) => table?.For(JobJudge.PricedModels(spec));

    /// <summary>Checks a budget for a job on <paramref name="spec"/>'s models; a money limit reads the price table, and its errors are the caller's.</summary>
    public void Validate(JobBudget? budget, JobSpec spec, string field)
    {
        if (budget is null)
        {
            return;
        }

        var prices = budget.MaxCost is null ? null : Load();
        BudgetCheck.Validate(budget, prices, JobJudge.PricedModels(spec), field);
    }
}
