using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>A budget given or raised when a job runs again.</summary>
internal sealed partial class JobManager
{
    /// <summary>
    /// Before a resume or a retry: a new budget replaces the old one (stored, so it holds after a restart), the price is read
    /// again (the user may have edited prices.json), and a job that has spent its budget is refused rather than started to pause at once.
    /// </summary>
    private async Task PrepareBudgetAsync(JobRunner runner, JobBudget? budget)
    {
        // Checked in full before anything is stored: a refused resume leaves the job's budget as it was.
        var next = budget ?? runner.Spec.Budget;
        _pricing.Validate(next, runner.Spec, "budget");
        runner.Price = JobPricing.PriceOf(runner.Spec, next?.MaxCost is not null ? _pricing.Load() : _pricing.TryLoad());
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
