using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>A judged job killed with SIGKILL mid-way: the next daemon judges what is unjudged, and asks or judges nothing stored again.</summary>
public sealed class JudgeResumeTests
{
    private const int RowCount = 40;
    private const int Concurrency = 3;

    [Fact]
    public async Task ResumeJob_AfterSigkill_NoAnswerAskedOrJudgedTwiceAndEveryAnswerScored()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(25) }, cancellationToken: ct);
        var questions = Datasets.Questions(RowCount, "judge-kill");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var start = new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "m"), temp.File("answers.jsonl"), Concurrency: Concurrency,
            Judge: new JudgeOptions(JudgeRubrics.Helpfulness, Scale: 5));

        await using var run = await KilledRun.RunAsync(temp, data, start, 8, RowCount, ct);
        var (jobId, rowsBeforeKill, again) = (run.JobId, run.RowsBeforeKill, run.Client);

        var job = await again.GetJobAsync(jobId, ct);
        Assert.Equal((RowCount, 0L, RowCount, RowCount), (job.Counts.Done, job.Counts.Failed, job.Counts.Answers, job.Counts.Judged));
        var asked = simulator.Stats.RequestsByQuestion;
        int Judged(string question) => asked.Where(q => q.Key.StartsWith(SimulatorServer.JudgeQuestionStart, StringComparison.Ordinal) && q.Key.Contains(question, StringComparison.Ordinal))
            .Sum(q => q.Value);
        for (var i = 0; i < RowCount; i++)
        {
            // A row finished before the kill was neither asked nor judged again; another at most twice (it was in flight at the kill).
            var (answers, judged) = (asked[questions[i]], Judged(questions[i]));
            Assert.True(rowsBeforeKill.Contains(i) ? (answers, judged) == (1, 1) : answers is 1 or 2 && judged is 1 or 2, $"row {i}: asked {answers}, judged {judged}");
        }

        // Only what was in flight at the kill (a request per worker at most) can have been sent twice.
        Assert.InRange(asked.Values.Count(v => v > 1), 0, 2 * Concurrency);
        Assert.DoesNotContain(again.Notifications.Rows, r => r.JobId == jobId && rowsBeforeKill.Contains(r.Row));

        // getRows: every answer scored on the scale, with the score the simulator gives it.
        var page = await again.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: RowCount), ct);
        Assert.All(page.Rows, row =>
        {
            var answer = Assert.Single(row.Answers!);
            Assert.Equal(SimulatorServer.JudgeScoreFor(questions[(int)row.Row], answer.Answer!, 5), answer.Score);
            Assert.StartsWith("Simulated judge: ", answer.ScoreReason, StringComparison.Ordinal);
        });
    }
}
