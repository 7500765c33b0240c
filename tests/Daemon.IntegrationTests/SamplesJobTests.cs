using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai run --samples N --models a,b</c> against the simulator: several answers per row, each asked once, every one kept.</summary>
public sealed class SamplesJobTests
{
    [Fact]
    public async Task Run_SamplesWithN_OneRequestPerRowAndEverySampleAnsweredOnce()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(6, "n");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output,
            "--data-dir", temp.Sub("data"), "--samples", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answers 18", run.ToString(), StringComparison.Ordinal);
        // n = 3: one request per row, the prompt paid once.
        Assert.Equal(6, simulator.Stats.TotalRequests);
        AssertEverySampleOnce(simulator, questions, ["m"], 3);
    }

    [Theory]
    [InlineData(ChoicesSupport.Ignored, 0)]
    [InlineData(ChoicesSupport.Refused, 1)]
    public async Task Run_EndpointWithoutN_OneRequestPerSampleAndNoneAskedTwice(ChoicesSupport support, int refusals)
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5), ChoicesSupport = support }, cancellationToken: ct);
        var questions = Datasets.Questions(5, "no-n");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("a.jsonl"),
            "--data-dir", temp.Sub("data"), "--samples", "3", "--concurrency", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answers 15", run.ToString(), StringComparison.Ordinal);
        // The first row's n request tells the daemon the endpoint answers one choice (or refuses n): from then on, one request per sample.
        Assert.Equal(refusals, simulator.Stats.DialectRefusals);
        Assert.Equal(15 + refusals, simulator.Stats.TotalRequests);
        AssertEverySampleOnce(simulator, questions, ["m"], 3);
    }

    [Fact]
    public async Task Run_ModelsList_EveryRowAnsweredByEachModel()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(4, "models");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("a.jsonl"),
            "--data-dir", temp.Sub("data"), "--models", "alpha,beta", "--samples", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answers 16", run.ToString(), StringComparison.Ordinal);
        Assert.Equal(8, simulator.Stats.TotalRequests);
        AssertEverySampleOnce(simulator, questions, ["alpha", "beta"], 2);
        Assert.DoesNotContain(simulator.Stats.RequestsBySettings.Keys, s => s.Model == "m");
    }

    private static void AssertEverySampleOnce(SimulatorServer simulator, IReadOnlyList<string> questions, IReadOnlyList<string> models, int samples)
    {
        var expected = questions.SelectMany(q => models.SelectMany(m => Enumerable.Range(0, samples).Select(s => (q, m, s)))).ToHashSet();
        var answered = simulator.Stats.AnswersBySample;
        Assert.Equal(expected.Order(), answered.Keys.Select(k => (k.Question, k.Model, k.Sample)).Order());
        Assert.All(answered, a => Assert.Equal(1, a.Value));
    }
}
