using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using Microsoft.Data.Sqlite;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>A ledger that cannot be written pauses the job with a clear error, and the job goes on by itself when it can.</summary>
public sealed class LedgerFaultTests
{
    [Fact]
    public async Task LedgerLockedByAnotherConnection_JobPausesNamingIt_ResumesWhenReleased()
    {
        await using var harness = await StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) },
            new DaemonSettings { Retry = FastRetries, LedgerBusyTimeout = TimeSpan.FromSeconds(1), LedgerProbeInterval = TimeSpan.FromMilliseconds(200) });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 60);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 2));
        await notes.WaitForRowsAsync(started.JobId, 3, Timeouts.Token());
        JobStateChanged paused;
        using (var locker = new SqliteConnection($"Data Source={Path.Combine(harness.Host.DataDirectory, "ledger.db")};Pooling=false"))
        {
            locker.Open();
            using var transaction = locker.BeginTransaction(deferred: false);
            using (var write = locker.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "UPDATE jobs SET last_error = last_error";
                write.ExecuteNonQuery();
            }

            paused = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
            transaction.Rollback();
        }

        Assert.Contains("could not write the ledger", paused.Message);
        Assert.Contains("locked", paused.Message);
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(60, job.Counts.Done);
        Assert.Equal(60, File.ReadAllLines(started.Output).Length);
    }
}
