using System.CommandLine;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// <c>batchai resume ID</c> and <c>batchai retry-failed ID</c>: send a job's rows that are not done (or its failed rows) again and follow it to the end,
/// in the running daemon when there is one, else in this process.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create() => Create("resume", "Resume a paused or interrupted job, sending only the rows not done.", Methods.ResumeJob);

    public static Command CreateRetryFailed() => Create("retry-failed", "Send a job's failed rows again and rewrite its output.", Methods.RetryFailed);

    private static Command Create(string name, string description, string method)
    {
        var id = new Argument<string>("job-id") { Description = "The job." };
        var apiKey = new Option<string?>("--api-key") { Description = "The key again, for a job started with --api-key (keys are never stored)." };
        var detach = new Option<bool>("--detach") { Description = "Return once the daemon has taken the job up instead of following it (with a daemon only)." };
        var budgetTokens = new Option<long?>("--budget-tokens") { Description = "A new token budget for the job (the other limit, if any, is kept)." };
        var budgetCost = new Option<decimal?>("--budget-cost") { Description = "A new cost budget for the job, in the currency of prices.json (the other limit, if any, is kept)." };
        var noBudget = new Option<bool>("--no-budget") { Description = "Lift the job's budget." };
        var common = new CliCommon();
        var command = new Command(name, description) { id, apiKey, detach, budgetTokens, budgetCost, noBudget };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var jobId = parse.GetValue(id)!;
            var key = parse.GetValue(apiKey) ?? (connection.InProcess ? null : RunCommand.KeyFromEnvironment());
            var notes = connection.Notifications;
            _ = notes.Stopped(jobId); // hear the end even if it comes before the answer
            var budget = await NewBudgetAsync(connection, jobId, parse.GetValue(budgetTokens), parse.GetValue(budgetCost), parse.GetValue(noBudget), cancellationToken);
            var info = await connection.CallAsync<JobInfo>(method, new ResumeJobParams(jobId, key, Budget: budget), cancellationToken);
            if (parse.GetValue(detach) && !connection.InProcess)
            {
                if (json)
                {
                    CliCommon.Print(info);
                }
                else
                {
                    Console.WriteLine($"Job {jobId} is {info.State.ToString().ToLowerInvariant()} in the daemon; follow it with: batchai watch {jobId}");
                }

                return ExitCodes.Success;
            }

            if (!json)
            {
                Console.WriteLine($"Job {jobId}: {info.Input} → {info.Output}{(connection.Pipe is { } pipe ? $", in the daemon on pipe {pipe}" : string.Empty)}");
            }

            return await JobFollower.FollowAsync(connection, jobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
        }));
        return command;
    }

    /// <summary>
    /// The protocol's budget replaces the job's whole budget; a flag here changes one limit and keeps the other, as a person
    /// raising the token limit expects. Null (no flag) keeps the budget as it is; <c>--no-budget</c> sends <c>{}</c>, which lifts it.
    /// </summary>
    private static async Task<JobBudget?> NewBudgetAsync(DaemonConnection connection, string jobId, long? tokens, decimal? cost, bool none, CancellationToken cancellationToken)
    {
        if (none)
        {
            return new JobBudget();
        }

        if (tokens is null && cost is null)
        {
            return null;
        }

        var current = (await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId), cancellationToken)).Budget;
        return new JobBudget(tokens ?? current?.MaxTokens, cost ?? current?.MaxCost);
    }
}
