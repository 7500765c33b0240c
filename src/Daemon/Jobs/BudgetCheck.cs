using System.Globalization;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>Whether a job has spent its budget, and the message that says so: which limit, the spend so far, and how to raise it.</summary>
internal static class BudgetCheck
{
    /// <summary>The pause message when a limit is reached, else null. A money limit without a price cannot be judged (and is refused before a run).</summary>
    public static string? Reached(string jobId, JobBudget? budget, long spentTokens, decimal? cost, string? currency)
    {
        if (budget is null)
        {
            return null;
        }

        if (budget.MaxTokens is { } maxTokens && spentTokens >= maxTokens)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Paused: the job reached its token budget of {maxTokens:N0} ({spentTokens:N0} tokens spent{(cost is { } c ? $", {Money(c)} {currency}" : "")}). "
                + $"Nothing is lost. To go on, raise it: {Hint(jobId, budget with { MaxTokens = Raise(maxTokens) }, "--budget-tokens", Raise(maxTokens).ToString(CultureInfo.InvariantCulture))}");
        }

        if (budget.MaxCost is { } maxCost && cost is { } spent && spent >= maxCost)
        {
            var raised = maxCost * 2;
            return string.Create(CultureInfo.InvariantCulture,
                $"Paused: the job reached its cost budget of {Money(maxCost)} {currency} ({Money(spent)} {currency} spent, {spentTokens:N0} tokens). "
                + $"Nothing is lost. To go on, raise it: {Hint(jobId, budget with { MaxCost = raised }, "--budget-cost", Money(raised))}");
        }

        return null;
    }

    /// <summary>
    /// Limits that make sense: at least one token, more than nothing. A money limit needs a price for every endpoint's model,
    /// each answer being charged at its own model's price, and all of them in one currency, which the limit is in.
    /// </summary>
    /// <param name="prices">The user's price table; null when there is none.</param>
    public static void Validate(JobBudget? budget, PriceTable? prices, IEnumerable<string> models, string field)
    {
        if (budget?.MaxTokens is < 1)
        {
            throw Invalid($"{field}.maxTokens", $"{field}.maxTokens must be at least 1 (got {budget.MaxTokens}).");
        }

        if (budget?.MaxCost is { } maxCost)
        {
            if (maxCost <= 0)
            {
                throw Invalid($"{field}.maxCost", $"{field}.maxCost must be more than 0 (got {maxCost.ToString(CultureInfo.InvariantCulture)}).");
            }

            var distinct = models.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var unpriced = distinct.Where(m => prices?.Models.ContainsKey(m) != true).ToList();
            if (unpriced.Count > 0)
            {
                throw Invalid($"{field}.maxCost",
                    $"{field}.maxCost needs a price for {string.Join(" and ", unpriced)} in {PriceTable.FileName} in the data directory "
                    + "({\"currency\":\"USD\",\"models\":{\"MODEL\":{\"input\":0.15,\"output\":0.6}}}, prices per million tokens); or give maxTokens instead.");
            }

            var currencies = distinct.GroupBy(m => prices!.CurrencyOf(prices.Models[m]), StringComparer.OrdinalIgnoreCase).ToList();
            if (currencies.Count > 1)
            {
                throw Invalid($"{field}.maxCost",
                    $"{field}.maxCost cannot be judged: the job's models are priced in different currencies in {PriceTable.FileName} "
                    + $"({string.Join("; ", currencies.Select(c => $"{string.Join(", ", c)}: {c.Key}"))}), and costs in two currencies have no one sum. "
                    + "Price them in one currency, or give maxTokens instead.");
            }
        }
    }

    private static string Hint(string jobId, JobBudget raised, string flag, string value)
    {
        var fields = new List<string>();
        if (raised.MaxTokens is { } t)
        {
            fields.Add($"\"maxTokens\": {t.ToString(CultureInfo.InvariantCulture)}");
        }

        if (raised.MaxCost is { } c)
        {
            fields.Add($"\"maxCost\": {Money(c)}");
        }

        return $"resumeJob {{ \"jobId\": \"{jobId}\", \"budget\": {{ {string.Join(", ", fields)} }} }}, or batchai resume {jobId} {flag} {value}.";
    }

    private static long Raise(long limit) => limit > long.MaxValue / 2 ? long.MaxValue : limit * 2;

    private static string Money(decimal amount) => amount.ToString("0.######", CultureInfo.InvariantCulture);

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
