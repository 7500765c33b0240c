using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// <c>batchai generate ... --then-run</c>: the generate job followed to its end and, when it completed, its set answered by a
/// second job with the same provider, followed as <c>run</c> follows one. A set that is paused, failed or cancelled is not
/// answered: the exit code is the generate job's. Under <c>--json</c> one document holds both jobs.
/// </summary>
internal static class GenerateThenRun
{
    /// <param name="provider">The provider the set was generated with, key included as it was sent.</param>
    /// <param name="concurrency">The generate verb's <c>--concurrency</c>, if given; else the run's default.</param>
    public static async Task<int> FollowAsync(DaemonConnection connection, string generateJobId, ProviderConfig provider, int? concurrency, bool json,
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

        // The generate verb's system prompt and temperature shaped the questions; the answers take the run's defaults.
        var started = await connection.CallAsync<StartJobResult>(Methods.StartJob, new StartJobParams(generated.Output, provider, Concurrency: concurrency),
            cancellationToken);
        if (!json)
        {
            Console.WriteLine();
            Console.WriteLine($"Job {started.JobId}: answering {generated.Counts.Done:N0} questions {generated.Output} → {started.Output} ({provider.Model} at {provider.BaseUrl})");
        }

        var (exitCode, answered) = await JobFollower.FollowJobAsync(connection, started.JobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
        if (json)
        {
            CliCommon.Print(new Result(generated, answered));
        }

        return exitCode;
    }

    /// <summary>The <c>--json</c> document: the generate job, and the run's job when the set was answered (left out otherwise).</summary>
    private sealed record Result(JobInfo Generate, JobInfo? Run);
}
