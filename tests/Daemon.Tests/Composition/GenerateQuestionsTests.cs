using System.Text.Json;
using System.Text.RegularExpressions;
using BatchAi.Daemon.Generation;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>generateQuestions through the real composition against the simulator, whose batches overlap as a real model's do.</summary>
public sealed class GenerateQuestionsTests
{
    [Fact]
    public async Task Generate_OverlappingBatches_ExactCountNoDuplicatesOrNearDuplicates()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var output = harness.Dir.File("set.csv");

        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions engineers ask about running a web service", 150, harness.Provider(), BatchSize: 20, Concurrency: 3, Output: output));
        var done = await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(output, started.Output);
        var questions = ReadCsvColumn(output);
        Assert.Equal(150, questions.Count);
        Assert.Equal(150, questions.Select(Shingles.Key).Distinct().Count());
        var shingles = questions.Select(q => Shingles.Of(Shingles.Key(q))).ToList();
        for (var i = 0; i < shingles.Count; i++)
        {
            for (var j = i + 1; j < shingles.Count; j++)
            {
                Assert.True(Shingles.Jaccard(shingles[i], shingles[j]) < GenerationSpec.DefaultSimilarity, $"near-duplicates kept: '{questions[i]}' and '{questions[j]}'");
            }
        }

        // The batches did overlap, in both ways, and the job says so.
        var tally = Regex.Match(done.Message!, @"^150 questions written to .+ \((?<requests>\d+) requests; (?<dup>\d+) duplicates and (?<near>\d+) near-duplicates left out\)$");
        Assert.True(tally.Success, done.Message);
        Assert.True(int.Parse(tally.Groups["dup"].Value) > 0 && int.Parse(tally.Groups["near"].Value) > 0, done.Message);
        Assert.True(harness.Simulator.Stats.TotalRequests > 150 / 20, "no request was wasted on duplicates: the simulator did not overlap");

        // Every accepted question was pushed once, in the set's order, and the job describes itself as a generate job.
        var pushed = notes.Questions.Where(q => q.JobId == started.JobId).OrderBy(q => q.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (long)i), pushed.Select(q => q.Index));
        Assert.Equal(questions, pushed.Select(q => q.Question));
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((JobKinds.Generate, 150L, 150L, "csv"), (job.Kind, job.Counts.Total, job.Counts.Done, job.Format));
        Assert.True(job.Counts.PromptTokens > 0 && job.Counts.CompletionTokens > 0);
        Assert.Equal("Questions engineers ask about running a web service", job.Input);
    }

    [Fact]
    public async Task Generate_ModelRunsOutOfNewQuestions_CompletesBoundedWithHowManyItGot()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, GenerationPoolSize = 25 });
        var (rpc, notes) = harness.Connect();

        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("围绕数据库运维提问", 60, harness.Provider(), BatchSize: 10, Concurrency: 2, Output: harness.Dir.File("set.jsonl")));
        var done = await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var questions = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        Assert.InRange(questions.Count, 1, 25);
        Assert.StartsWith($"{questions.Count} of 60 questions written to {started.Output}: {GenerationSpec.FruitlessLimit} replies in a row brought no question", done.Message);
        Assert.InRange(harness.Simulator.Stats.TotalRequests, 3, GenerationSpec.DefaultMaxRequests(60, 10));
        Assert.All(questions, q => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", q));
    }

    [Fact]
    public async Task Generate_PausedAfterRepliesWithNothingNew_AfterARestartTheRuleCountsThemAndStopsAtTheLimit()
    {
        // A model that knows one question: the first reply brings it, every later one brings nothing new.
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(150), GenerationPoolSize = 1 });
        var (rpc, notes) = harness.Connect();
        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions about sundials", 50, harness.Provider(), BatchSize: 5, Concurrency: 1, Output: harness.Dir.File("sundials.jsonl")));
        await harness.Simulator.Stats.WaitUntilAsync(s => s.TotalRequests >= 3, Timeouts.Token());

        // The pause lets the request in flight land, so every request the simulator saw is judged and stored.
        var paused = await CallAsync<JobInfo>(rpc, Methods.PauseJob, new JobIdParams(started.JobId));
        Assert.Equal((JobState.Paused, 1L), (paused.State, paused.Counts.Done));
        var before = harness.Simulator.Stats.TotalRequests;
        Assert.InRange(before, 3, GenerationSpec.FruitlessLimit);

        // A new daemon knows only the ledger.
        await harness.RestartAsync();
        (rpc, notes) = harness.Connect();
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId));
        var done = await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        // One reply brought the question, then the limit of fruitless replies over both runs: not the limit again after the resume.
        Assert.StartsWith($"1 of 50 questions written to {started.Output}: {GenerationSpec.FruitlessLimit} replies in a row brought no question", done.Message);
        Assert.Equal(1 + GenerationSpec.FruitlessLimit, harness.Simulator.Stats.TotalRequests);
        Assert.Contains($"({1 + GenerationSpec.FruitlessLimit} requests;", done.Message);
    }

    [Fact]
    public async Task Generate_MaxRequestsReached_StopsThereSayingSo()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();

        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions about tea", 500, harness.Provider(), BatchSize: 5, Concurrency: 2, MaxRequests: 3, Output: harness.Dir.File("tea.xlsx")));
        var done = await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(3, harness.Simulator.Stats.TotalRequests);
        Assert.Contains("of 500 questions written", done.Message);
        Assert.Contains("the bound of 3 requests was reached", done.Message);
        await using var sheet = await BatchAi.Daemon.Ingest.DatasetReader.OpenAsync(started.Output, null, Timeouts.Token());
        Assert.Equal(["question"], sheet.Columns);
        var rows = await sheet.ReadRowsAsync(Timeouts.Token()).ToListAsync(Timeouts.Token());
        Assert.InRange(rows.Count, 1, 15);
    }

    [Fact]
    public async Task Generate_OutputTakenByStartJob_AnsweredAsADataset()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        foreach (var extension in new[] { "csv", "jsonl", "xlsx" })
        {
            var generated = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
                new GenerateQuestionsParams($"Questions about {extension}", 12, harness.Provider(), Output: harness.Dir.File($"set.{extension}")));
            await notes.WaitForStateAsync(generated.JobId, JobState.Completed, Timeouts.Token());
            var questions = notes.Questions.Where(q => q.JobId == generated.JobId).OrderBy(q => q.Index).Select(q => q.Question).ToList();

            var answered = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
                new StartJobParams(generated.Output, harness.Provider(), harness.Dir.File($"answers.{extension}.jsonl")));
            await notes.WaitForStateAsync(answered.JobId, JobState.Completed, Timeouts.Token());

            var lines = File.ReadAllLines(answered.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(questions, lines.Select(l => l.GetProperty("question").GetString()));
            Assert.All(lines, l => Assert.Equal(SimulatorServer.AnswerFor(l.GetProperty("question").GetString()!), l.GetProperty("answer").GetString()));
        }
    }

    [Fact]
    public async Task Generate_PauseThenResume_KeepsWhatWasAcceptedAndReachesTheCount()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(100) });
        var (rpc, notes) = harness.Connect();
        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions about trains", 80, harness.Provider(), BatchSize: 10, Concurrency: 1, Output: harness.Dir.File("trains.csv")));
        await notes.WaitForQuestionsAsync(started.JobId, 10, Timeouts.Token());

        var paused = await CallAsync<JobInfo>(rpc, Methods.PauseJob, new JobIdParams(started.JobId));
        Assert.Equal(JobState.Paused, paused.State);
        Assert.InRange(paused.Counts.Done, 10, 79);
        // Every accepted question is pushed; the last may still be on the way when the pause replies.
        await notes.WaitForQuestionsAsync(started.JobId, (int)paused.Counts.Done, Timeouts.Token());
        var before = notes.Questions.Where(q => q.JobId == started.JobId).OrderBy(q => q.Index).Select(q => q.Question).ToList();
        Assert.Equal(paused.Counts.Done, before.Count);

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var questions = ReadCsvColumn(started.Output);
        Assert.Equal(80, questions.Count);
        Assert.Equal(before, questions.Take(before.Count));
        Assert.Equal(80, questions.Select(Shingles.Key).Distinct().Count());
    }

    [Fact]
    public async Task Generate_RefusedKey_PausesNamingTheEndpointKeyNeverShown_RightKeyOnResumeFinishes()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, RequiredApiKey = "right-key" });
        var (rpc, notes) = harness.Connect();
        const string wrongKey = "sk-wrong-key-0123456789";

        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions about lighthouses", 30, harness.Provider() with { ApiKey = wrongKey }, BatchSize: 10, Concurrency: 2,
                Output: harness.Dir.File("lighthouses.csv")));
        var paused = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());

        Assert.Contains("refused", paused.Message);
        Assert.Contains(harness.Simulator.BaseUrl.ToString().TrimEnd('/'), paused.Message);
        Assert.DoesNotContain("wrong-key", paused.Message);
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((JobState.Paused, 0L), (job.State, job.Counts.Done));
        Assert.DoesNotContain("wrong-key", JsonSerializer.Serialize(job));
        foreach (var file in Directory.GetFiles(harness.Host.DataDirectory, "ledger.db*"))
        {
            Assert.DoesNotContain("wrong-key", File.ReadAllText(file));
        }

        // A refused request is not a failed one, and not one that brought nothing new: the resumed job starts afresh.
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, "right-key"));
        var done = await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.StartsWith($"30 questions written to {started.Output}", done.Message);
        Assert.Equal(30, ReadCsvColumn(started.Output).Count);
    }

    [Fact]
    public async Task Generate_FiveRequestsInARowRefused_JobFailsSayingHowManyAndTheLastError()
    {
        // The endpoint's circuit breaker would hold requests back once it opens; it is not what is tested here.
        await using var harness = await StartAsync(settings: new DaemonSettings
        {
            Retry = FastRetries, PauseGrace = TimeSpan.FromSeconds(5), Pool = new PoolSettings { BreakerFailures = 1000 },
        });
        var (rpc, notes) = harness.Connect();

        // The directive is in the seed, so in every request: each is refused (400), which no retry can help. (A provider
        // failing every request with 500 is an outage, which a job waits through: see ProviderOutageTests.)
        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions,
            new GenerateQuestionsParams("Questions about kites [[sim:400]]", 30, harness.Provider(), BatchSize: 10, Concurrency: 1, Output: harness.Dir.File("kites.csv")));
        var failed = await notes.WaitForStateAsync(started.JobId, JobState.Failed, Timeouts.Token());

        Assert.StartsWith($"{GenerationSpec.FailureLimit} requests in a row failed; the last: request {GenerationSpec.FailureLimit}: ", failed.Message);
        Assert.Contains(harness.Simulator.BaseUrl.ToString().TrimEnd('/'), failed.Message);
        Assert.Contains("400", failed.Message);
        Assert.Equal(GenerationSpec.FailureLimit, harness.Simulator.Stats.TotalRequests);
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((JobState.Failed, 0L), (job.State, job.Counts.Done));
        Assert.Equal(failed.Message, job.LastError);
    }

    [Theory]
    [InlineData("""{"seedPrompt":"","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"}}""", "seedPrompt")]
    [InlineData("""{"seedPrompt":"x","count":0,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"}}""", "count")]
    [InlineData("""{"seedPrompt":"x","count":5}""", "provider")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"profile":"p"}""", "profile")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":""}}""", "provider.model")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"batchSize":0}""", "batchSize")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"similarity":1.5}""", "similarity")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"output":"set.docx"}""", "output")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"maxRequests":0}""", "maxRequests")]
    [InlineData("""{"seedPrompt":"x","count":5,"provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"},"concurrency":0}""", "concurrency")]
    [InlineData("""{"seedPrompt":"x","count":"many","provider":{"baseUrl":"http://127.0.0.1:1/v1","model":"m"}}""", "count")]
    public async Task Generate_BadParams_InvalidParamsNamingTheField(string json, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        // StreamJsonRpc's .NET client surfaces -32602 as RemoteMethodNotFoundException; data.field is checked on the wire by the CLI test.
        var error = await Assert.ThrowsAnyAsync<RemoteRpcException>(() =>
            rpc.InvokeWithParameterObjectAsync<StartJobResult>(Methods.GenerateQuestions, JsonDocument.Parse(json).RootElement, Timeouts.Token()));

        var code = error switch
        {
            RemoteMethodNotFoundException notFound => (int)notFound.ErrorCode,
            RemoteInvocationException invocation => invocation.ErrorCode,
            _ => 0,
        };
        Assert.Equal(ErrorCodes.InvalidParams, code);
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public async Task Generate_NoOutput_WritesUnderTheDataDirectory()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();

        var started = await CallAsync<StartJobResult>(rpc, Methods.GenerateQuestions, new GenerateQuestionsParams("Questions about owls", 5, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(Path.Combine(harness.Dir.Path, "data", "generated", $"{started.JobId}.questions.jsonl"), started.Output);
        Assert.Equal(5, File.ReadAllLines(started.Output).Length);
    }

    private static List<string> ReadCsvColumn(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        Assert.Equal(["question"], csv.HeaderRecord!);
        var questions = new List<string>();
        while (csv.Read())
        {
            questions.Add(csv.GetField(0)!);
        }

        return questions;
    }
}
