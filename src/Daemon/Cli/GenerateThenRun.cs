using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// <c>batchai generate ... --then-run</c>: the generate job followed to its end and, when it completed, its set answered by a
/// second job, followed as <c>run</c> follows one. A set that is paused, failed or cancelled is not answered: the exit code is
/// the generate job's. Under <c>--json</c> one document holds both jobs.
/// </summary>
internal static class GenerateThenRun
{
    /// <param name="answering">The answering job's request for the set at the given path: the set's provider (key included as it was sent) and the <c>--answer-*</c> settings.</param>
    public static async Task<int> FollowAsync(DaemonConnection connection, string generateJobId, Func<string, StartJobParams> answering, bool json,
        CancellationToken cancellationToken)
    {
        var (generatedExit, generated) = await JobFollower.FollowJobAsync(connection, generateJobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
        if (generated is not { State: JobState.Completed } || cancellationToken.IsCancellationRequested)
        {
            if (json && generated is not null)
            {
                CliCommon.Print(new Result(generated, null));
            }

            return generatedExit;
        }

        var request = answering(generated.Output);
        StartJobResult started;
        try
        {
            started = await connection.CallAsync<StartJobResult>(Methods.StartJob, request, cancellationToken);
        }
        catch (Exception e) when (CliCommon.RefusalOf(e) is { } refusal)
        {
            // Say so with the set, which is complete and kept: the document keeps its shape, with why there is no run.
            Console.Error.WriteLine($"batchai: the set {generated.Output} was not answered: {refusal.Message}");
            Console.Error.WriteLine($"Answer it with: batchai run \"{generated.Output}\" --model {request.Provider!.Model}");
            if (json)
            {
                CliCommon.Print(new Result(generated, null, refusal));
            }

            return CliCommon.ExitCodeOf(refusal);
        }

        if (!json)
        {
            Console.WriteLine();
            Console.WriteLine($"Job {started.JobId}: answering {generated.Counts.Done:N0} questions {generated.Output} → {started.Output} ({request.Provider!.Model} at {request.Provider.BaseUrl})");
        }

        var (exitCode, answered) = await JobFollower.FollowJobAsync(connection, started.JobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
        if (json)
        {
            CliCommon.Print(new Result(generated, answered));
        }

        return exitCode;
    }

    /// <summary>
    /// The <c>--json</c> document: the generate job, and the run's job when the set was answered (left out otherwise);
    /// <c>error</c> when the daemon refused to start the run.
    /// </summary>
    private sealed record Result(JobInfo Generate, JobInfo? Run, CliError? Error = null);
}
