using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Simulator;
using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// The executable's Parquet verbs end to end: <c>run -o answers.parquet</c> (the format by extension), <c>export --format hf-dataset
/// --test-split --seed</c>, and the options it refuses; plus the Python example passing a format and a split.
/// </summary>
public sealed class ParquetCliTests
{
    [Fact]
    public async Task RunToParquet_ThenExportHfDatasetWithSplit_FilesHoldEveryAnsweredRow()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(12, "parquet");
        Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "-o", "answers.parquet", "--json",
            "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        Assert.Equal("parquet", run.Json().GetProperty("format").GetString());
        Assert.Equal(questions, await ColumnAsync(temp.File("answers.parquet"), "question", ct));

        var export = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "hf-dataset", "-o", "dataset", "--test-split", "0.25", "--seed", "42", "--json",
            "--data-dir", data);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(12, export.Json().GetProperty("rows").GetInt64());
        var train = await ColumnAsync(temp.File("dataset/data/train-00000-of-00001.parquet"), "question", ct);
        var test = await ColumnAsync(temp.File("dataset/data/test-00000-of-00001.parquet"), "question", ct);
        Assert.Equal(questions.Order(StringComparer.Ordinal), train.Concat(test).Order(StringComparer.Ordinal));
        var card = await File.ReadAllTextAsync(temp.File("dataset/README.md"), ct);
        Assert.Contains($"  - name: test\n    num_examples: {test.Count}\n", card);
        Assert.DoesNotContain(simulator.BaseUrl.Authority, card);

        var again = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", "hf-dataset", "-o", "dataset", "--test-split", "0.25", "--seed", "42",
            "--data-dir", data);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(test, await ColumnAsync(temp.File("dataset/data/test-00000-of-00001.parquet"), "question", ct));
    }

    [Theory]
    [InlineData("--test-split 1.5", "split.test")]
    [InlineData("--seed 3", "--test-split")]
    [InlineData("--format parquet --test-split 0.1", "split")]
    public async Task Export_BadSplit_ExitsOneNamingIt(string options, string named)
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);
        Datasets.WriteCsv(temp.File("questions.csv"), Datasets.Questions(2, "bad-split"));
        var run = await CliRun.RunAsync(temp.Path, ct, "run", "questions.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", temp.Sub("data"));
        Assert.True(run.ExitCode == 0, run.ToString());

        string[] args = ["export", run.Json().GetProperty("jobId").GetString()!, .. options.Split(' '), "-o", "out", "--data-dir", temp.Sub("data")];
        var export = await CliRun.RunAsync(temp.Path, ct, options.Contains("--format", StringComparison.Ordinal) ? args : [.. args, "--format", "hf-dataset"]);

        Assert.True(export.ExitCode == 1, export.ToString());
        Assert.Contains(named, export.Stderr);
        Assert.False(Path.Exists(temp.File("out")));
    }

    private static async Task<List<string?>> ColumnAsync(string path, string name, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var field = reader.Schema.GetDataFields().Single(f => f.Name == name);
        var values = new List<string?>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var column = new string?[group.RowCount];
            await group.ReadAsync(field, column.AsMemory(), cancellationToken: cancellationToken);
            values.AddRange(column);
        }

        return values;
    }
}
