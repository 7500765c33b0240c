using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>A job of several answers per row killed with SIGKILL mid-way: the next daemon asks only the slots it lacks.</summary>
public sealed class SamplesResumeTests
{
    private const int RowCount = 60;
    private const int Samples = 2;
    private static readonly string[] Models = ["alpha", "beta"];

    [Fact]
    public async Task ResumeJob_AfterSigkill_OnlyMissingSlotsAskedAndEveryRowHasEveryAnswer()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        // The endpoint ignores n, so each slot is a request of its own and a row is often killed half answered.
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(25), ChoicesSupport = ChoicesSupport.Ignored }, cancellationToken: ct);
        var questions = Datasets.Questions(RowCount, "slots-kill");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");
        var start = new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "m"), output, Concurrency: 3, Samples: Samples, Models: Models);

        var slotsBeforeResume = 0;
        await using var run = await KilledRun.RunAsync(temp, data, start, 10, RowCount, ct, () => slotsBeforeResume = simulator.Stats.AnswersBySample.Count);
        var (jobId, rowsBeforeKill, again) = (run.JobId, run.RowsBeforeKill, run.Client);

        var job = await again.GetJobAsync(jobId, ct);
        Assert.Equal((RowCount, 0L, RowCount * Models.Length * Samples), (job.Counts.Done, job.Counts.Failed, job.Counts.Answers));
        var answered = simulator.Stats.AnswersBySample;
        Assert.Equal(RowCount * Models.Length * Samples, answered.Count);
        // A slot the ledger held was never asked again; only slots in flight at the kill may have been (one per request out, at most).
        Assert.InRange(answered.Count(a => a.Value == 2), 0, 2 * 3 * Models.Length);
        Assert.All(answered.Where(a => a.Value > 1), a => Assert.DoesNotContain((long)Array.IndexOf(questions, a.Key.Question), rowsBeforeKill));
        Assert.True(slotsBeforeResume > 0 && slotsBeforeResume < answered.Count);
        Assert.DoesNotContain(again.Notifications.Rows, r => r.JobId == jobId && rowsBeforeKill.Contains(r.Row));

        // getRows: every slot of every row, each the simulator's answer to its sample, its model the one asked.
        var page = await again.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: RowCount), ct);
        Assert.All(page.Rows, row =>
        {
            Assert.Equal(Enumerable.Range(0, 4), row.Answers!.Select(a => a.Slot));
            Assert.Equal(["alpha", "alpha", "beta", "beta"], row.Answers!.Select(a => a.Model));
            Assert.All(row.Answers!, a => Assert.Equal((RowStates.Done, SimulatorServer.AnswerFor(questions[(int)row.Row], sample: a.Sample)), (a.State, a.Answer)));
            Assert.Equal(row.Answers![0].Answer, row.Answer);
        });
    }
}
