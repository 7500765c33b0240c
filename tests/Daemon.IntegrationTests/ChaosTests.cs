using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// The daemon is broken on purpose: a 5,000-row job against a simulator that faults 20% of requests,
/// the daemon killed with SIGKILL ten times at random moments and restarted each time. Nothing may be
/// lost and no answered row may be paid for twice.
/// </summary>
public sealed class ChaosTests
{
    private const int RowCount = 5000;
    private const int Kills = 10;

    // A retry policy fast enough for the test and patient enough that no row runs out of attempts (0.2^13).
    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["BATCHAI_MAX_RETRIES"] = "12",
        ["BATCHAI_RETRY_DELAY_MS"] = "10",
        ["BATCHAI_FIRST_TOKEN_TIMEOUT_MS"] = "700",
        ["BATCHAI_ATTEMPT_TIMEOUT_MS"] = "5000",
    };

    [Fact]
    public async Task KilledTenTimesUnderFaults_EveryRowOnceInOrder_NoAnsweredRowAskedAgain()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(4));
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(2), FaultRate = 0.2, Seed = 7, RetryAfter = TimeSpan.FromMilliseconds(20) },
            cancellationToken: ct);
        var questions = Datasets.Questions(RowCount, "chaos");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");
        var random = new Random(20261124);

        // For each row answered before some kill: how many requests it had cost by then. It must never cost more.
        var costWhenAnswered = new Dictionary<long, int>();
        string? jobId = null;
        for (var life = 0; life <= Kills; life++)
        {
            await using var daemon = DaemonProcess.Start(temp.Path, FastRetries, "serve", "--stdio", "--data-dir", data);
            await using var client = RpcClient.OverStreams(daemon.StandardInput, daemon.StandardOutput);
            await client.InitializeAsync(ct);
            if (jobId is null)
            {
                var started = await client.CallAsync<StartJobResult>(Methods.StartJob,
                    new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: 32), ct);
                jobId = started.JobId;
            }
            else
            {
                Assert.Equal(JobState.Interrupted, (await client.GetJobAsync(jobId, ct)).State);
                await client.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
            }

            if (life == Kills)
            {
                await client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
                break;
            }

            // A random moment: right after the (re)start once, otherwise after a random number of rows answered.
            var rows = life == 4 ? 0 : random.Next(100, 400);
            if (rows > 0)
            {
                await client.Notifications.WaitForRowsAsync(jobId, rows, ct);
            }

            daemon.KillHard();
            await daemon.WaitForExitAsync(ct);
            foreach (var row in DoneRows(data, jobId))
            {
                costWhenAnswered.TryAdd(row, simulator.Stats.RequestsFor(questions[row]));
            }
        }

        Datasets.AssertAllAnswered(output, questions);
        Assert.InRange(costWhenAnswered.Count, Kills * 100 - 100, RowCount - 1);
        Assert.All(costWhenAnswered, pair => Assert.Equal(pair.Value, simulator.Stats.RequestsFor(questions[pair.Key])));
        Assert.True(simulator.Stats.FaultsInjected > 0, "no faults were injected; the test proves less than it says");
    }

    /// <summary>The rows the ledger holds as done, read from the file while no daemon runs.</summary>
    private static List<long> DoneRows(string dataDirectory, string jobId)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "ledger.db"), Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx FROM rows WHERE job_id = $job AND state = 2";
        command.Parameters.AddWithValue("$job", jobId);
        using var reader = command.ExecuteReader();
        var rows = new List<long>();
        while (reader.Read())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }
}
