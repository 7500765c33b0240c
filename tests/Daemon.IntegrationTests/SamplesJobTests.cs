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

    [Fact]
    public async Task Export_MultiAnswerJob_JsonlAnswersCsvSlotColumnsAndOneTrainingExamplePerAnswer()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "export");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", temp.File("a.jsonl"),
            "--data-dir", data, "--models", "alpha,beta", "--samples", "2", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        string Expected(int row, int sample) => SimulatorServer.AnswerFor(questions[row], sample: sample);

        // JSONL: answer is slot 0's; answers holds every slot, models in the order given, each model's samples in turn.
        var records = Datasets.ReadJsonl(temp.File("a.jsonl"));
        Assert.Equal(3, records.Count);
        for (var row = 0; row < 3; row++)
        {
            Assert.Equal(Expected(row, 0), records[row].GetProperty("answer").GetString());
            var answers = records[row].GetProperty("answers").EnumerateArray().ToList();
            Assert.Equal([("alpha", 0), ("alpha", 1), ("beta", 0), ("beta", 1)], answers.Select(a => (a.GetProperty("model").GetString(), a.GetProperty("sample").GetInt32())));
            Assert.Equal([Expected(row, 0), Expected(row, 1), Expected(row, 0), Expected(row, 1)], answers.Select(a => a.GetProperty("answer").GetString()));
            Assert.All(answers, a => Assert.True(a.GetProperty("completionTokens").GetInt32() > 0));
        }

        var csv = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "csv", "-o", "a.csv", "--json", "--data-dir", data);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var lines = File.ReadAllLines(temp.File("a.csv"));
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        Assert.Equal(["model_1", "sample_1", "answer_1", "error_1", "model_2"], header[9..14]);
        Assert.Equal("error_4", header[24]);
        Assert.Equal(4, lines.Length);
        Assert.Contains(",beta,1,", lines[1], StringComparison.Ordinal);

        var chat = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "openai-chat", "-o", "train.jsonl", "--json", "--data-dir", data);
        Assert.True(chat.ExitCode == 0, chat.ToString());
        var examples = ChatExports.ReadItems(temp.File("train.jsonl"));
        Assert.Equal(12, examples.Count);
        Assert.Equal(Expected(0, 1), ChatExports.Conversation("openai-chat", examples[1])[^1].Item2);
    }

    [Fact]
    public async Task Run_SamplesWithSchema_EachChoiceValidatedAndReaskedAlone()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(3, "schema");
        questions[1] += " [[sim:invalid-json]]"; // both choices of its n request are invalid; each re-ask is valid
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        File.WriteAllText(temp.File("s.json"), """{"type":"object","properties":{"topic":{"type":"string"},"score":{"type":"integer"}},"required":["topic","score"]}""");
        var output = temp.File("a.jsonl");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", input, "--base-url", simulator.BaseUrl.ToString(), "--model", "m", "--output", output,
            "--data-dir", temp.Sub("data"), "--samples", "2", "--json-schema", "s.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("answers 6, re-asked 2", run.ToString(), StringComparison.Ordinal);
        Assert.Equal(3 + 2, simulator.Stats.TotalRequests);
        var answers = Datasets.ReadJsonl(output)[1].GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Equal(1, System.Text.Json.JsonDocument.Parse(a.GetProperty("answer").GetString()!).RootElement.GetProperty("score").GetInt32()));
    }

    private static void AssertEverySampleOnce(SimulatorServer simulator, IReadOnlyList<string> questions, IReadOnlyList<string> models, int samples)
    {
        var expected = questions.SelectMany(q => models.SelectMany(m => Enumerable.Range(0, samples).Select(s => (q, m, s)))).ToHashSet();
        var answered = simulator.Stats.AnswersBySample;
        Assert.Equal(expected.Order(), answered.Keys.Select(k => (k.Question, k.Model, k.Sample)).Order());
        Assert.All(answered, a => Assert.Equal(1, a.Value));
    }
}
