using System.CommandLine;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// The budget a new job starts with: <c>run</c>'s <c>--budget-tokens</c> and <c>--budget-cost</c>, and the same two for the job
/// <c>generate --then-run</c> starts, under a prefix that says whose budget it is.
/// </summary>
internal sealed class BudgetOptions
{
    /// <param name="prefix">Put before the options' names, e.g. <c>answer-</c> for <c>--answer-budget-tokens</c>.</param>
    /// <param name="job">The job the budget holds for, as the help text names it.</param>
    public BudgetOptions(string prefix = "", string job = "the job")
    {
        Tokens = new($"--{prefix}budget-tokens")
        {
            Description = $"Pause {job} once it has spent this many tokens (prompt plus completion; cached answers are free). resume --budget-tokens raises it.",
        };
        Cost = new($"--{prefix}budget-cost")
        {
            Description = $"Pause {job} once it has cost this much, priced from prices.json in the data directory (its currency). resume --budget-cost raises it.",
        };
    }

    public Option<long?> Tokens { get; }

    public Option<decimal?> Cost { get; }

    public IEnumerable<Option> All => [Tokens, Cost];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The budget the flags give, or null when neither is given.</summary>
    public JobBudget? Budget(ParseResult parse)
    {
        var (tokens, cost) = (parse.GetValue(Tokens), parse.GetValue(Cost));
        return tokens is null && cost is null ? null : new JobBudget(tokens, cost);
    }
}
