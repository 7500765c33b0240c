using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai estimate</c> and <c>run --budget-*</c> through the real executable against the simulator.</summary>
public sealed class CostCommandTests
{
    private const int Rows = 80;

    [Fact]
    public async Task EstimateWithPilot_Json_ThenRun_TokensWithinTenPercentAndPilotNotPaidTwice()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var data = temp.Sub("data");
        File.WriteAllText(Path.Combine(data, "prices.json"), """{"currency":"USD","models":{"m":{"input":2.5,"output":10}}}""");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(Rows, "estimate"));
        string[] job = [input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--data-dir", data, "--system-prompt", "Be brief."];

        var estimate = await CliRun.RunAsync(temp.Path, ct, ["estimate", .. job, "--pilot", "10", "--json"]);
        Assert.True(estimate.ExitCode == 0, estimate.ToString());
        var e = estimate.Json();
        Assert.Equal((Rows, Rows), (e.GetProperty("rows").GetInt32(), e.GetProperty("rowsToSend").GetInt32()));
        Assert.StartsWith("pilot of 10 rows", e.GetProperty("completionBasis").GetString(), StringComparison.Ordinal);
        Assert.Equal((10, 10), (e.GetProperty("pilot").GetProperty("rows").GetInt32(), e.GetProperty("pilot").GetProperty("sent").GetInt32()));
        Assert.Equal("USD", e.GetProperty("cost").GetProperty("currency").GetString());
        Assert.Equal(10, simulator.Stats.TotalRequests);

        var run = await CliRun.RunAsync(temp.Path, ct, ["run", .. job, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var counts = run.Json().GetProperty("counts");
        var estimated = e.GetProperty("promptTokens").GetInt64() + e.GetProperty("completionTokens").GetInt64();
        var used = counts.GetProperty("promptTokens").GetInt64() + counts.GetProperty("completionTokens").GetInt64();
        Assert.InRange(Math.Abs(estimated - used) / (double)used, 0, 0.10);
        Assert.Equal(10, counts.GetProperty("cached").GetInt32());
        Assert.Equal(Rows, simulator.Stats.TotalRequests);
        Assert.Equal("USD", counts.GetProperty("currency").GetString());
        Assert.True(counts.GetProperty("cost").GetDecimal() > 0);
    }

    [Fact]
    public async Task Estimate_OnTerminalOrPipe_PrintsTableAndSendsNothing()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(cancellationToken: ct);
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(12, "table"));

        var estimate = await CliRun.RunAsync(temp.Path, ct,
            "estimate", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--max-tokens", "100", "--data-dir", temp.Sub("data"));

        Assert.True(estimate.ExitCode == 0, estimate.ToString());
        Assert.Contains("completion tokens", estimate.Stdout);
        Assert.Contains("1,200", estimate.Stdout); // 12 rows at maxTokens 100
        Assert.Contains("no price for model 'm'", estimate.Stdout);
        // Online and batch side by side: no price, no rate limits, and a batch's default completion window.
        Assert.Contains("cost unknown, time unknown", estimate.Stdout);
        Assert.Contains("cost unknown, within 24h", estimate.Stdout);
        Assert.Equal(0, simulator.Stats.TotalRequests);
    }

    [Fact]
    public async Task RunWithTokenBudget_ExitsSixPausedWithEveryAnswerKept_ResumeWithHigherBudgetCompletes()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var data = temp.Sub("data");
        var questions = Datasets.Questions(Rows, "budget");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");

        var run = await CliRun.RunAsync(temp.Path, ct,
            "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--data-dir", data, "-o", output, "-c", "2", "--budget-tokens", "500", "--json");

        Assert.True(run.ExitCode == 6, run.ToString());
        var paused = run.Json();
        var jobId = paused.GetProperty("jobId").GetString()!;
        Assert.Equal("paused", paused.GetProperty("state").GetString());
        Assert.True(paused.GetProperty("budgetReached").GetBoolean());
        Assert.Equal(500, paused.GetProperty("budget").GetProperty("maxTokens").GetInt64());
        Assert.Contains("token budget of 500", paused.GetProperty("lastError").GetString());
        var done = paused.GetProperty("counts").GetProperty("done").GetInt32();
        Assert.InRange(done, 1, Rows - 1);
        Assert.InRange(paused.GetProperty("counts").GetProperty("spentTokens").GetInt64(), 500, 1_000);
        Assert.Equal(done, simulator.Stats.TotalRequests);

        var resume = await CliRun.RunAsync(temp.Path, ct, "resume", jobId, "--data-dir", data, "--budget-tokens", "1000000", "--json");

        Assert.True(resume.ExitCode == 0, resume.ToString());
        var completed = resume.Json();
        Assert.Equal("completed", completed.GetProperty("state").GetString());
        Assert.Equal(1_000_000, completed.GetProperty("budget").GetProperty("maxTokens").GetInt64());
        Assert.Equal(Rows, simulator.Stats.TotalRequests);
        Datasets.AssertAllAnswered(output, questions);
    }

    [Fact]
    public async Task RunWithCostBudget_PlainLines_ShowCostAndSayWhichBudgetAndHowToRaiseIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var data = temp.Sub("data");
        File.WriteAllText(Path.Combine(data, "prices.json"), """{"currency":"EUR","models":{"m":{"input":10,"output":30}}}""");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(Rows, "cost"));

        var run = await CliRun.RunAsync(temp.Path, ct,
            "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--data-dir", data, "-c", "2", "--budget-cost", "0.01");

        Assert.True(run.ExitCode == 6, run.ToString());
        // The spend in the summary, read from the job when it stopped (a progress line may come before the first answer).
        Assert.Matches(@"Paused job \S+ with \d+ rows answered \([\d,]+ tokens, 0\.\d+ EUR\)", run.Stdout);
        Assert.Contains("cost budget of 0.01 EUR", run.Stdout);
        Assert.Contains("--budget-cost", run.Stdout);
    }

    [Fact]
    public async Task RunWithCostBudget_NoPrice_ExitsOneNamingTheField()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var input = Datasets.WriteCsv(temp.File("questions.csv"), ["one?"]);

        var run = await CliRun.RunAsync(temp.Path, ct,
            "run", input, "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--data-dir", temp.Sub("data"), "--budget-cost", "1", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var error = run.Json().GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        Assert.Contains("budget.maxCost", error.GetProperty("message").GetString());
    }
}
