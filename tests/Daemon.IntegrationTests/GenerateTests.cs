using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>Question generation through the real executable: the <c>generate</c> verb, and a generate job surviving a SIGKILL.</summary>
public sealed class GenerateTests
{
    [Fact]
    public async Task GenerateVerb_Json_PrintsTheCompletedJobAndRunAnswersTheSet()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var data = temp.Sub("data");

        var generate = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions a support team gets about invoices", "--count", "40", "--batch-size", "10",
            "-o", "set.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);

        Assert.True(generate.ExitCode == 0, generate.ToString());
        var job = generate.Json();
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal("generate", job.GetProperty("kind").GetString());
        Assert.Equal(40, job.GetProperty("counts").GetProperty("total").GetInt64());
        Assert.Equal(40, job.GetProperty("counts").GetProperty("done").GetInt64());
        Assert.Equal(temp.File("set.csv"), job.GetProperty("output").GetString());
        Assert.Equal("Questions a support team gets about invoices", job.GetProperty("input").GetString());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, File.ReadAllBytes(temp.File("set.csv"))[..3]);
        var lines = File.ReadAllLines(temp.File("set.csv"));
        Assert.Equal("question", lines[0]);
        Assert.Equal(41, lines.Length);

        // The set is a dataset as it is.
        var run = await CliRun.RunAsync(temp.Path, ct, "run", "set.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(40, run.Json().GetProperty("counts").GetProperty("done").GetInt64());

        var jobs = await CliRun.RunAsync(temp.Path, ct, "jobs", "--json", "--data-dir", data);
        Assert.Equal(["answer", "generate"], jobs.Json().GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("kind").GetString()));

        // Plain output says what it got and where; a bad option is exit 1 naming it.
        var text = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about tea", "-n", "5", "-o", "tea.jsonl", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--data-dir", data);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"5 questions written to {temp.File("tea.jsonl")}", text.Stdout);
        // The progress line counts questions: a generate job has no rows to answer.
        Assert.Matches(@"(?m)^questions 5/5 \| [0-9.]+ questions/s \| [0-9,]+ tokens", text.Stdout);
        Assert.DoesNotContain("rows", text.Stdout);
        var bad = await CliRun.RunAsync(temp.Path, ct, "generate", "x", "-n", "5", "--similarity", "2", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal(ErrorCodes.InvalidParams, bad.Json().GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains("similarity", bad.Stderr);
    }

    [Fact]
    public async Task GenerateVerb_ThenRun_Json_AnswersTheCompletedSetWithTheSameProvider()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        const string key = "sk-then-run-key-0123456789";
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5), RequiredApiKey = key }, cancellationToken: ct);
        var data = temp.Sub("data");

        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions a florist gets asked", "-n", "30", "--batch-size", "10", "-o", "flowers.csv",
            "--then-run", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--api-key", key, "--json", "--data-dir", data);

        Assert.True(result.ExitCode == 0, result.ToString());
        var both = result.Json();
        var generate = both.GetProperty("generate");
        var run = both.GetProperty("run");
        Assert.Equal(("generate", "completed", 30L), (generate.GetProperty("kind").GetString(), generate.GetProperty("state").GetString(), generate.GetProperty("counts").GetProperty("done").GetInt64()));
        Assert.Equal(("answer", "completed", 30L), (run.GetProperty("kind").GetString(), run.GetProperty("state").GetString(), run.GetProperty("counts").GetProperty("done").GetInt64()));
        Assert.Equal(temp.File("flowers.csv"), run.GetProperty("input").GetString());
        Assert.Equal((simulator.BaseUrl.ToString(), "m"), (run.GetProperty("baseUrl").GetString(), run.GetProperty("model").GetString()));
        Assert.DoesNotContain(key, result.Stdout + result.Stderr);

        // Every generated question answered, in the set's order, by the simulator (which refuses any other key).
        var questions = File.ReadAllLines(temp.File("flowers.csv")).Skip(1).ToList();
        var answers = File.ReadAllLines(run.GetProperty("output").GetString()!).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(questions, answers.Select(a => a.GetProperty("question").GetString()));
        Assert.All(answers, a => Assert.Equal(SimulatorServer.AnswerFor(a.GetProperty("question").GetString()!), a.GetProperty("answer").GetString()));
    }

    [Fact]
    public async Task GenerateVerb_ThenRun_GenerationFails_NothingAnsweredExitIsTheGenerateJobs()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero }, cancellationToken: ct);

        // Every request is refused as malformed (400, not retried): five in a row fail the generate job.
        var result = await CliRun.RunAsync(temp.Path, ct, "generate", "Questions about kites [[sim:400]]", "-n", "10", "-o", "kites.csv", "--then-run",
            "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", temp.Sub("data"));

        Assert.True(result.ExitCode == 3, result.ToString()); // a failed job, as run exits
        var both = result.Json();
        Assert.Equal("failed", both.GetProperty("generate").GetProperty("state").GetString());
        Assert.Contains("requests in a row failed", both.GetProperty("generate").GetProperty("lastError").GetString());
        Assert.False(both.TryGetProperty("run", out _), "a set that failed was answered");
        Assert.InRange(simulator.Stats.TotalRequests, 5, 5 + 3); // the limit, plus what the other three workers had in flight
    }

    [Fact]
    public async Task GenerateQuestions_AfterSigkill_ResumesKeepingEveryAcceptedQuestion()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(60) }, cancellationToken: ct);
        var provider = new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small");
        var output = temp.File("set.jsonl");

        string jobId;
        List<JobQuestionAccepted> beforeKill;
        await using (var first = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data))
        await using (var client = RpcClient.OverStreams(first.StandardInput, first.StandardOutput))
        {
            await client.InitializeAsync(ct);
            var started = await client.CallAsync<StartJobResult>(Methods.GenerateQuestions,
                new GenerateQuestionsParams("Questions about running a bakery", 120, provider, BatchSize: 10, Concurrency: 1, Output: output), ct);
            jobId = started.JobId;
            await client.Notifications.WaitForQuestionsAsync(jobId, 20, ct);
            beforeKill = client.Notifications.Questions.Where(q => q.JobId == jobId).OrderBy(q => q.Index).ToList();
            first.KillHard();
            Assert.Equal(137, await first.WaitForExitAsync(ct));
        }

        Assert.InRange(beforeKill.Count, 20, 119);
        await using var second = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data);
        await using var again = RpcClient.OverStreams(second.StandardInput, second.StandardOutput);
        await again.InitializeAsync(ct);
        var interrupted = await again.GetJobAsync(jobId, ct);
        Assert.Equal((JobState.Interrupted, JobKinds.Generate), (interrupted.State, interrupted.Kind));
        Assert.InRange(interrupted.Counts.Done, beforeKill.Count, 119);

        await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);

        var questions = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString()!).ToList();
        Assert.Equal(120, questions.Count);
        Assert.Equal(beforeKill.Select(q => q.Question), questions.Take(beforeKill.Count));
        Assert.Equal(120, questions.Distinct().Count());
        // The resumed run pushed only questions after those the ledger kept.
        Assert.All(again.Notifications.Questions, q => Assert.True(q.Index >= interrupted.Counts.Done));
    }
}
