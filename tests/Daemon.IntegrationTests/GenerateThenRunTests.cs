using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// <c>generate --then-run</c>'s answering job through the real executable: its own <c>--answer-*</c> settings, the profile's run
/// defaults, a budget, and the options refused without <c>--then-run</c>. What the simulator received is read from its
/// <see cref="SimulatorStats.RequestsBySettings"/>, so each assertion is on the requests really sent.
/// </summary>
public sealed class GenerateThenRunTests
{
    private const int Count = 20;

    [Fact]
    public async Task ThenRun_AnswerOptions_AnsweringRequestsCarryThemAndTheQuestionRequestsDoNot()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);

        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions a florist gets asked", "-n", $"{Count}", "--batch-size", "10", "-o", "flowers.csv",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "gen-model", "--system-prompt", "Write like a florist's customers.", "--temperature", "1.1",
            "--then-run", "--answer-model", "answer-model", "--answer-system-prompt", "Answer as a florist would.", "--answer-temperature", "0.2",
            "--answer-max-tokens", "12", "--answer-output", "answers.json", "--json", "--data-dir", temp.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var run = result.Json().GetProperty("run");
        Assert.Equal(("completed", "answer-model", temp.File("answers.json")),
            (run.GetProperty("state").GetString(), run.GetProperty("model").GetString(), run.GetProperty("output").GetString()));
        var bySettings = simulator.Stats.RequestsBySettings;
        var asking = new RequestSettings("gen-model", "Write like a florist's customers.", 1.1, null);
        var answering = new RequestSettings("answer-model", "Answer as a florist would.", 0.2, 12);
        Assert.Equal([answering, asking], bySettings.Keys.OrderBy(k => k.Model));
        Assert.Equal(Count, bySettings[answering]);
        Assert.InRange(bySettings[asking], Count / 10, 40);

        // The answers went where asked, in the format its extension names, cut at the answering job's max tokens.
        var answers = JsonDocument.Parse(File.ReadAllText(temp.File("answers.json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(File.ReadAllLines(temp.File("flowers.csv")).Skip(1), answers.Select(a => a.GetProperty("question").GetString()));
        Assert.All(answers, a => Assert.InRange(a.GetProperty("completionTokens").GetInt32(), 1, 12));
        Assert.Contains(answers, a => a.GetProperty("finishReason").GetString() == "length");
    }

    [Fact]
    public async Task ThenRun_Profile_AnsweringJobTakesTheProfilesRunDefaultsWhereNoAnswerOptionIsGiven()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var config = temp.Sub("config");
        Directory.CreateDirectory(Path.Combine(config, "batchai"));
        await File.WriteAllTextAsync(Path.Combine(config, "batchai", "config.json"), JsonSerializer.Serialize(new
        {
            profiles = new Dictionary<string, object>
            {
                ["sim"] = new { baseUrl = simulator.BaseUrl.ToString(), model = "m", systemPrompt = "Answer in one paragraph.", temperature = 0.7, maxTokens = 30 },
            },
        }), ct);

        // --system-prompt shapes the questions only; --answer-temperature wins over the profile's, which gives the rest.
        var result = await CliRun.RunAsync(temp.Path, new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config }, ct,
            "generate", "Questions about tea", "-n", $"{Count}", "--batch-size", "10", "-o", "tea.jsonl", "--profile", "sim", "--system-prompt", "Ask as a tea shop's visitors.",
            "--then-run", "--answer-temperature", "0.3", "--json", "--data-dir", temp.Sub("data"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(temp.File("tea.answers.jsonl"), result.Json().GetProperty("run").GetProperty("output").GetString());
        var bySettings = simulator.Stats.RequestsBySettings;
        var answering = new RequestSettings("m", "Answer in one paragraph.", 0.3, 30);
        // As before this change, the profile's temperature also shapes the questions when --temperature is not given.
        var asking = new RequestSettings("m", "Ask as a tea shop's visitors.", 0.7, null);
        Assert.Equal(2, bySettings.Count);
        Assert.Equal(Count, bySettings[answering]);
        Assert.True(bySettings.ContainsKey(asking), string.Join("; ", bySettings.Keys));
    }

    [Fact]
    public async Task ThenRun_AnswerBudget_ExitsSixWithTheSetKept_ResumeFinishesWithTheSameSettings()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var data = temp.Sub("data");

        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about kayaks", "-n", $"{Count}", "--batch-size", "10", "-o", "kayaks.csv", "-c", "2",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--then-run", "--answer-system-prompt", "Be brief.", "--answer-budget-tokens", "300",
            "--json", "--data-dir", data);

        Assert.True(result.ExitCode == 6, result.ToString());
        var both = result.Json();
        Assert.Equal("completed", both.GetProperty("generate").GetProperty("state").GetString());
        var run = both.GetProperty("run");
        Assert.Equal(("paused", true, 300L),
            (run.GetProperty("state").GetString(), run.GetProperty("budgetReached").GetBoolean(), run.GetProperty("budget").GetProperty("maxTokens").GetInt64()));
        Assert.InRange(run.GetProperty("counts").GetProperty("done").GetInt32(), 1, Count - 1);
        var questions = File.ReadAllLines(temp.File("kayaks.csv")).Skip(1).ToList();
        Assert.Equal(Count, questions.Distinct().Count());

        var resume = await CliRun.RunAsync(temp.Path, ct, "resume", run.GetProperty("jobId").GetString()!, "--budget-tokens", "1000000", "--json", "--data-dir", data);

        Assert.True(resume.ExitCode == 0, resume.ToString());
        // Every question answered once, all with the answering job's system prompt (stored with the job).
        Assert.Equal(Count, simulator.Stats.RequestsBySettings[new RequestSettings("m", "Be brief.", null, null)]);
        var answers = File.ReadAllLines(resume.Json().GetProperty("output").GetString()!).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString());
        Assert.Equal(questions, answers);
    }

    [Fact]
    public async Task ThenRun_DaemonRefusesTheAnsweringJob_ExitOneWithTheSetKeptAndTheError()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);

        // A cost budget needs the model's price, which only the daemon's data directory has (none here): refused once the set exists.
        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about maps", "-n", $"{Count}", "--batch-size", "10", "-o", "maps.csv",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--then-run", "--answer-budget-cost", "1", "--json", "--data-dir", temp.Sub("data"));

        Assert.True(result.ExitCode == 1, result.ToString());
        var both = result.Json();
        Assert.Equal("completed", both.GetProperty("generate").GetProperty("state").GetString());
        Assert.False(both.TryGetProperty("run", out _), "a refused run was reported");
        Assert.Equal(ErrorCodes.InvalidParams, both.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("budget.maxCost", both.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains($"batchai run \"{temp.File("maps.csv")}\"", result.Stderr);
        Assert.Equal(Count + 1, File.ReadAllLines(temp.File("maps.csv")).Length);
    }

    [Theory]
    [InlineData("--answer-system-prompt", "Be brief.")]
    [InlineData("--answer-temperature", "0.2")]
    [InlineData("--answer-max-tokens", "50")]
    [InlineData("--answer-model", "other")]
    [InlineData("--answer-output", "answers.jsonl")]
    [InlineData("--answer-budget-tokens", "1000")]
    [InlineData("--answer-budget-cost", "1")]
    public async Task AnswerOption_WithoutThenRun_ExitsOneNamingItAndSendsNothing(string option, string value)
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var data = temp.Sub("data");

        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about owls", "-n", "5",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "m", option, value, "--data-dir", data);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(option, result.Stderr);
        Assert.Contains("--then-run", result.Stderr);
        Assert.Equal(0, simulator.Stats.TotalRequests);
        var jobs = await CliRun.RunAsync(temp.Path, ct, "jobs", "--json", "--data-dir", data);
        Assert.Empty(jobs.Json().GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task ThenRun_AnswerOptionTheDaemonWouldRefuse_ExitsOneNamingItBeforeAnyQuestionIsPaidFor()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);

        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about owls", "-n", "5",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--then-run", "--answer-temperature", "3", "--data-dir", temp.Sub("data"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--answer-temperature: temperature must be between 0 and 2", result.Stderr);
        Assert.Equal(0, simulator.Stats.TotalRequests);
    }
}
