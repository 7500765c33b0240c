using System.Globalization;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>Follows one job to its end over a <see cref="DaemonConnection"/>: progress on the way, a summary and an exit code at the end.</summary>
internal static class JobFollower
{
    /// <param name="connection">Where the job runs.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="json">Print the final <see cref="JobInfo"/> as JSON instead of progress and a summary.</param>
    /// <param name="pauseOnCancel">Ctrl+C pauses the job (run, resume, retry-failed); otherwise it only stops watching (watch).</param>
    /// <param name="tokens">Streamed answer text is printed, so progress goes to stderr as plain lines.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> FollowAsync(DaemonConnection connection, string jobId, bool json, bool pauseOnCancel, bool tokens, CancellationToken cancellationToken)
    {
        var (exitCode, job) = await FollowJobAsync(connection, jobId, json, pauseOnCancel, tokens, cancellationToken);
        if (json && job is not null)
        {
            CliCommon.Print(job);
        }

        return exitCode;
    }

    /// <summary>As <see cref="FollowAsync"/>, but under <paramref name="json"/> prints nothing: the caller prints the job (null when the daemon went away) with others.</summary>
    public static async Task<(int ExitCode, JobInfo? Job)> FollowJobAsync(DaemonConnection connection, string jobId, bool json, bool pauseOnCancel, bool tokens,
        CancellationToken cancellationToken)
    {
        var notes = connection.Notifications;
        var stopped = notes.Stopped(jobId);
        var start = await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId), CancellationToken.None);
        var detached = new TaskCompletionSource<JobStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (start.State is not (JobState.Running or JobState.ProviderUnavailable or JobState.Queued))
        {
            detached.TrySetResult(new JobStateChanged(jobId, start.State, start.State, start.LastError));
        }

        _ = notes.Lost.ContinueWith(_ => detached.TrySetResult(new JobStateChanged(jobId, JobState.Interrupted, JobState.Running, "the daemon went away")), TaskScheduler.Default);
        await using var onCancel = cancellationToken.Register(() =>
        {
            if (pauseOnCancel)
            {
                // Ctrl+C pauses: answers in flight get a moment to land, and the rest waits in the ledger.
                _ = connection.CallAsync<JobInfo>(Methods.PauseJob, new JobIdParams(jobId), CancellationToken.None)
                    .ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
            else
            {
                detached.TrySetResult(new JobStateChanged(jobId, JobState.Running, JobState.Running, "stopped watching"));
            }
        });

        JobInfo? final = null;
        var end = Task.WhenAny(stopped, detached.Task).Unwrap().ContinueWith(
            async stop =>
            {
                // The last line shows where the job stopped: its last progress notification may be older than its last rows.
                final = await FinalJobAsync(connection, jobId).ConfigureAwait(false);
                return await stop.ConfigureAwait(false);
            },
            TaskScheduler.Default).Unwrap();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        JobCounts Current() => final?.Counts ?? notes.Latest(jobId)?.Counts ?? start.Counts;
        var unit = ProgressView.UnitOf(start.Kind);
        var change = json ? await end : await ProgressView.ShowAsync(end, Current, tokens ? Console.Error : null, unit, () => notes.Unavailable(jobId));
        if (notes.Lost.IsCompleted)
        {
            Console.Error.WriteLine($"batchai: the daemon went away while job {jobId} ran; it resumes with: {connection.ResumeHint(jobId)}");
            return (ExitCodes.DaemonUnreachable, null);
        }

        var job = final ?? await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId), CancellationToken.None);
        if (json)
        {
            // The caller prints the job.
        }
        else if (start.State is not (JobState.Running or JobState.ProviderUnavailable or JobState.Queued))
        {
            // Nothing was followed: say where the job stands rather than a rate over no time.
            Console.WriteLine($"Job {job.JobId} is {job.State.ToString().ToLowerInvariant()}: {ProgressView.Describe(job.Counts, unit)}");
            if (job.State is JobState.Paused or JobState.Interrupted)
            {
                if (job.BudgetReached && job.LastError is { } reached)
                {
                    Console.WriteLine(reached);
                }

                Console.WriteLine($"Resume it with: {connection.ResumeHint(job.JobId)}{(job.BudgetReached ? " --budget-tokens N | --budget-cost X (a higher budget)" : string.Empty)}");
            }
        }
        else
        {
            Summarize(connection, job, change, clock.Elapsed);
        }

        return (change.State == JobState.Running && change.Message == "stopped watching" ? ExitCodes.Interrupted : ExitCodeOf(job), job);
    }

    private static async Task<JobInfo?> FinalJobAsync(DaemonConnection connection, string jobId)
    {
        try
        {
            return await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StreamJsonRpc.RemoteRpcException or StreamJsonRpc.ConnectionLostException or ObjectDisposedException)
        {
            return null; // the daemon went away: the caller says so
        }
    }

    public static int ExitCodeOf(JobInfo job) => job.State switch
    {
        JobState.Completed => job.Counts.Failed > 0 ? ExitCodes.RowsFailed : ExitCodes.Success,
        JobState.Paused when job.BudgetReached => ExitCodes.BudgetReached,
        JobState.Paused when job.Mode == JobModes.Offline => ExitCodes.Success, // waiting for importResults, as asked
        JobState.Paused or JobState.Interrupted => ExitCodes.Interrupted,
        JobState.Running or JobState.ProviderUnavailable or JobState.Queued => ExitCodes.Success,
        _ => ExitCodes.JobFailed,
    };

    private static void Summarize(DaemonConnection connection, JobInfo job, JobStateChanged change, TimeSpan elapsed)
    {
        var c = job.Counts;
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        Console.WriteLine();
        switch (job.State)
        {
            case JobState.Completed when job.Kind == JobKinds.Generate:
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {seconds:0.0} s: {change.Message}, {c.PromptTokens + c.CompletionTokens:N0} tokens."));
                Console.WriteLine($"Questions: {job.Output}");
                Console.WriteLine($"Answer them with: batchai run \"{job.Output}\" --model MODEL");
                break;
            case JobState.Completed:
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Done in {seconds:0.0} s: {c.Done:N0} answered ({c.Cached:N0} from the cache), {c.Failed:N0} failed, {c.Skipped:N0} skipped (empty, duplicate or unreadable){ProgressView.Answers(c, ", ")}{ProgressView.Reasks(c, ", ")}, "
                    + $"{c.PromptTokens + c.CompletionTokens:N0} tokens{ProgressView.CostText(c, ", ")}, {(c.Done + c.Failed) / seconds:0.0} rows/s."));
                Console.WriteLine($"Answers: {job.Output}");
                if (c.Failed > 0)
                {
                    Console.WriteLine($"Failed rows carry their error in the output. Last error: {job.LastError}");
                }

                break;
            case JobState.Paused or JobState.Interrupted:
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Paused job {job.JobId} with {c.Done:N0} rows answered ({c.PromptTokens + c.CompletionTokens:N0} tokens{ProgressView.CostText(c, ", ")}){(change.Message is { } m ? ": " + m : ".")}"));
                Console.WriteLine($"Resume it with: {connection.ResumeHint(job.JobId)}{(job.BudgetReached ? " --budget-tokens N | --budget-cost X (a higher budget)" : string.Empty)}");
                break;
            case JobState.Running or JobState.ProviderUnavailable or JobState.Queued:
                Console.WriteLine($"Stopped watching job {job.JobId}; it goes on in the daemon. {ProgressView.Describe(c, ProgressView.UnitOf(job.Kind))}");
                break;
            default:
                Console.Error.WriteLine($"Job {job.JobId} {job.State.ToString().ToLowerInvariant()}: {change.Message ?? job.LastError}");
                break;
        }
    }
}
