using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>The job manager's side of budgets and prices: the price a job's tokens are charged at, and a budget given or raised.</summary>
internal sealed partial class JobManager
{
    private string DataDirectory => Path.GetDirectoryName(_ledger.Path)!;

    /// <summary>The user's price table; a file that cannot be read is logged and taken as no prices, so that jobs still describe themselves.</summary>
    private PriceTable? TryLoadPrices()
    {
        try
        {
            return PriceTable.Load(DataDirectory);
        }
        catch (RequestRefusedException e)
        {
            _log(e.Message);
            return null;
        }
    }

    private static JobPrice? PriceOf(JobSpec spec, PriceTable? table) => table?.For(spec.AllEndpoints().Select(e => e.Model));

    /// <summary>Checks a budget for a job on <paramref name="spec"/>'s models; a money limit reads the price table, and its errors are the caller's.</summary>
    private void ValidateBudget(JobBudget? budget, JobSpec spec, string field)
    {
        if (budget is null)
        {
            return;
        }

        var prices = budget.MaxCost is null ? null : PriceTable.Load(DataDirectory);
        BudgetCheck.Validate(budget, prices, spec.AllEndpoints().Select(e => e.Model), field);
    }

    /// <summary>
    /// Before a resume or a retry: a new budget replaces the old one (stored, so it holds after a restart), the price is read
    /// again (the user may have edited prices.json), and a job that has spent its budget is refused rather than started to pause at once.
    /// </summary>
    private async Task PrepareBudgetAsync(JobRunner runner, JobBudget? budget)
    {
        // Checked in full before anything is stored: a refused resume leaves the job's budget as it was.
        var next = budget ?? runner.Spec.Budget;
        ValidateBudget(next, runner.Spec, "budget");
        runner.Price = PriceOf(runner.Spec, next?.MaxCost is not null ? PriceTable.Load(DataDirectory) : TryLoadPrices());
        if (runner.BudgetMessage(next ?? new JobBudget()) is { } reached)
        {
            throw new RequestRefusedException(RefusalReason.InvalidState,
                $"Job {runner.Id} has spent its budget; give it a higher one. {reached.Replace("Paused: the job", "It", StringComparison.Ordinal)}",
                new RefusedAt(Field: "budget", JobId: runner.Id));
        }

        if (budget is not null)
        {
            await runner.SetBudgetAsync(budget).ConfigureAwait(false);
        }
    }
}
