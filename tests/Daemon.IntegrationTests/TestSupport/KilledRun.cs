using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>
/// A job started on a stdio daemon, killed with SIGKILL once some rows have finished, and resumed to its end by a second
/// daemon over the same data directory, whose client stays open for the test's questions.
/// </summary>
internal sealed class KilledRun : IAsyncDisposable
{
    private readonly DaemonProcess _daemon;

    private KilledRun(string jobId, HashSet<long> rowsBeforeKill, DaemonProcess daemon, RpcClient client)
    {
        (JobId, RowsBeforeKill, _daemon, Client) = (jobId, rowsBeforeKill, daemon, client);
    }

    public string JobId { get; }

    /// <summary>The rows that had finished, answered, when the first daemon was killed.</summary>
    public HashSet<long> RowsBeforeKill { get; }

    /// <summary>The second daemon's client; its notifications hold only what came after the resume.</summary>
    public RpcClient Client { get; }

    /// <param name="killAfterRows">How many rows the first daemon finishes before it is killed; the job must have more.</param>
    /// <param name="rowCount">The job's rows: the run is refused as proving nothing when the first daemon finished them all.</param>
    /// <param name="killed">Runs between the kill and the resume, e.g. to read what the provider saw until then.</param>
    public static async Task<KilledRun> RunAsync(TempDirectory temp, string dataDirectory, StartJobParams start, int killAfterRows, int rowCount,
        CancellationToken cancellationToken, Action? killed = null)
    {
        string jobId;
        HashSet<long> rowsBeforeKill;
        await using (var first = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", dataDirectory))
        await using (var client = RpcClient.OverStreams(first.StandardInput, first.StandardOutput))
        {
            await client.InitializeAsync(cancellationToken);
            jobId = (await client.CallAsync<StartJobResult>(Methods.StartJob, start, cancellationToken)).JobId;
            await client.Notifications.WaitForRowsAsync(jobId, killAfterRows, cancellationToken);
            rowsBeforeKill = client.Notifications.Rows.Where(r => r.JobId == jobId && r.Succeeded).Select(r => r.Row).ToHashSet();
            first.KillHard();
            await first.WaitForExitAsync(cancellationToken);
        }

        Assert.True(rowsBeforeKill.Count < rowCount, "the job finished before the kill; the test proves nothing");
        killed?.Invoke();
        var second = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", dataDirectory);
        var again = RpcClient.OverStreams(second.StandardInput, second.StandardOutput);
        var run = new KilledRun(jobId, rowsBeforeKill, second, again);
        try
        {
            await again.InitializeAsync(cancellationToken);
            await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), cancellationToken);
            await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, cancellationToken);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _daemon.DisposeAsync();
    }
}
