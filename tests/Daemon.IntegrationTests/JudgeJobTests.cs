using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// <c>batchai run --judge</c> against the simulator, which answers a judge's request with the score a <c>[[sim:judge:...]]</c>
/// directive gives each sample: scores stored and shown, the threshold filtering the training export, preference pairs only
/// where the margin holds.
/// </summary>
public sealed class JudgeJobTests
{
    [Fact]
    public async Task Run_Judge_ScoresStoredAndShown_TheThresholdFiltersTheTrainingExport()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        string[] questions =
        [
            "[[sim:judge:9]] What is the boiling point of water?",
            "[[sim:judge:3]] Name a prime number.",
            "[[sim:judge:8]] Why is the sky blue?",
            // Off the scale every time: asked again twice, then left unjudged with the judge's error.
            "[[sim:judge:42]] What is a verb?",
        ];
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output,
            "--data-dir", data, "--judge", "helpfulness", "--judge-threshold", "7", "--concurrency", "2", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = run.Json();
        var jobId = job.GetProperty("jobId").GetString()!;
        Assert.Equal((4, 4, 3), (job.GetProperty("counts").GetProperty("done").GetInt32(), job.GetProperty("counts").GetProperty("answers").GetInt32(),
            job.GetProperty("counts").GetProperty("judged").GetInt32()));

        // Each answer's score and reason are in the job's own output.
        var records = Datasets.ReadJsonl(output);
        var judged = records.Select(r => Assert.Single(r.GetProperty("answers").EnumerateArray().ToList())).ToList();
        Assert.Equal([9.0, 3.0, 8.0], judged.Take(3).Select(a => a.GetProperty("score").GetDouble()));
        Assert.StartsWith("Simulated judge: 3 of 10 for ", judged[1].GetProperty("scoreReason").GetString(), StringComparison.Ordinal);
        Assert.False(judged[3].TryGetProperty("score", out _));
        Assert.StartsWith("the judge's verdict is not valid after 2 re-asks: /score", judged[3].GetProperty("scoreReason").GetString(), StringComparison.Ordinal);

        // One judge request per answer, each an ordinary chat request carrying the answer, and two re-asks of the one never valid.
        var judgeRequests = simulator.Stats.RequestsByQuestion.Where(q => q.Key.StartsWith(SimulatorServer.JudgeQuestionStart, StringComparison.Ordinal)).ToList();
        Assert.Equal([1, 1, 1, 1], questions.Select(q => judgeRequests.Where(r => r.Key.Contains(q, StringComparison.Ordinal)).Sum(r => r.Value)));
        Assert.All(questions, q => Assert.Equal(1, simulator.Stats.RequestsByQuestion[q]));
        Assert.Equal(4 + 4 + 2, simulator.Stats.TotalRequests);

        // The training export keeps answers at or above the threshold; the others are listed with their score and reason.
        var export = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "openai-chat", "-o", "train.jsonl", "--json", "--data-dir", data);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal([questions[0], questions[2]], ChatExports.ReadItems(temp.File("train.jsonl")).Select(i => ChatExports.Conversation("openai-chat", i)[0].Item2));
        var excluded = Datasets.ReadJsonl(temp.File("train.excluded.jsonl"));
        Assert.Equal([1L, 3L], excluded.Select(e => e.GetProperty("index").GetInt64()));
        Assert.Equal(("scored 3, below the minimum score 7", 3.0), (excluded[0].GetProperty("reason").GetString(), excluded[0].GetProperty("score").GetDouble()));
        Assert.StartsWith("Simulated judge: 3 of 10", excluded[0].GetProperty("scoreReason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("not judged: the judge's verdict is not valid", excluded[1].GetProperty("reason").GetString(), StringComparison.Ordinal);

        // --min-score overrides the job's threshold.
        var strict = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "alpaca", "-o", "strict.json", "--min-score", "9", "--json", "--data-dir", data);
        Assert.True(strict.ExitCode == 0, strict.ToString());
        Assert.Equal(1, strict.Json().GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Export_Preference_PairsOnlyWhereTheMarginHolds_InBothFormats()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        string[] questions =
        [
            "[[sim:judge:9,4,7]] Explain rainbows.",
            "[[sim:judge:6,6,5]] Explain tides.",
            "[[sim:judge:5,5,5]] Explain seasons.",
        ];
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("a.jsonl"),
            "--data-dir", data, "--samples", "3", "--judge", "helpfulness", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        Assert.Equal(9, run.Json().GetProperty("counts").GetProperty("judged").GetInt32());
        string Answer(int row, int sample) => SimulatorServer.AnswerFor(questions[row], sample: sample);

        // Margin 2: only the first row's best (9, sample 0) and worst (4, sample 1) are far enough apart. No system prompt: TRL's standard form.
        var trl = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "preference", "-o", "pairs.preference.jsonl", "--margin", "2", "--json", "--data-dir", data);
        Assert.True(trl.ExitCode == 0, trl.ToString());
        var pair = Assert.Single(Datasets.ReadJsonl(temp.File("pairs.preference.jsonl")));
        Assert.Equal((questions[0], Answer(0, 0), Answer(0, 1)), (pair.GetProperty("prompt").GetString(), pair.GetProperty("chosen").GetString(), pair.GetProperty("rejected").GetString()));
        var excluded = Datasets.ReadJsonl(temp.File("pairs.preference.excluded.jsonl"));
        Assert.Equal([1L, 2L], excluded.Select(e => e.GetProperty("index").GetInt64()));
        Assert.Equal("the best and worst scores (6 and 5) differ by less than the margin 2", excluded[0].GetProperty("reason").GetString());
        Assert.Equal([6.0, 6.0, 5.0], excluded[0].GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("score").GetDouble()));

        // Default margin 1: the second row pairs too, its tie at 6 broken by slot (sample 0 chosen), against its 5.
        var openAi = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "openai-preference", "-o", "pairs.jsonl", "--json", "--data-dir", data);
        Assert.True(openAi.ExitCode == 0, openAi.ToString());
        var lines = Datasets.ReadJsonl(temp.File("pairs.jsonl"));
        Assert.Equal(2, lines.Count);
        Assert.Equal(questions[1], lines[1].GetProperty("input").GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal((Answer(1, 0), Answer(1, 2)), (lines[1].GetProperty("preferred_output")[0].GetProperty("content").GetString(),
            lines[1].GetProperty("non_preferred_output")[0].GetProperty("content").GetString()));
        Assert.Equal("the best and worst scores (5 and 5) differ by less than the margin 1",
            Assert.Single(Datasets.ReadJsonl(temp.File("pairs.excluded.jsonl"))).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Run_CorrectnessWithoutTheReferenceColumnInTheInput_RefusedNamingIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), ["What is 2+2?"]);

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m",
            "--data-dir", temp.Sub("data"), "--judge", "correctness", "--reference-column", "gold");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("judge.referenceColumn", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no column 'gold'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task Run_RubricFromAFileWithAReferenceColumn_TheJudgeSeesEachRowsReference()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var input = temp.File("qa.csv");
        File.WriteAllText(input, "question,gold\nCapital of France?,Paris is the capital.\nCapital of Peru?,Lima is the capital.\n");
        File.WriteAllText(temp.File("rubric.txt"), "Reward answers that agree with the reference.\n");

        var refused = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m",
            "--data-dir", temp.Sub("data"), "--judge-threshold", "7");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--judge-threshold needs --judge", refused.Stderr, StringComparison.Ordinal);

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("a.jsonl"),
            "--data-dir", temp.Sub("data"), "--judge", "@rubric.txt", "--reference-column", "gold", "--judge-model", "judge-m", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var judgeMessages = simulator.Stats.RequestsByQuestion.Keys.Where(k => k.StartsWith(SimulatorServer.JudgeQuestionStart, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, judgeMessages.Count);
        Assert.Contains("[The Start of the Reference Answer]\nParis is the capital.\n", judgeMessages[0], StringComparison.Ordinal);
        Assert.Contains("[The Start of the Reference Answer]\nLima is the capital.\n", judgeMessages[1], StringComparison.Ordinal);
        var judgeSettings = Assert.Single(simulator.Stats.RequestsBySettings.Keys, s => s.Model == "judge-m");
        Assert.StartsWith(SimulatorServer.JudgeMarker, judgeSettings.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("Reward answers that agree with the reference.", judgeSettings.SystemPrompt, StringComparison.Ordinal);
    }
}
