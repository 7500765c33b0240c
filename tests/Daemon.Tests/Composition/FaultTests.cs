using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Provider faults against the real SDK and HTTP stack: retried, failed with a reason, or pausing the job.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task PassingFaults_RetriedUntilAnswered_AttemptsRecorded()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        string[] questions = ["a [[sim:500x2]]", "b [[sim:429x1]]", "c [[sim:503x1]]", "d [[sim:cutx2]]", "e"];
        var input = harness.WriteQuestions("q.csv", questions.Length, i => questions[i]);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 5));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var rows = notes.Rows.OrderBy(r => r.Row).ToList();
        Assert.All(rows, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal([3, 2, 2, 3, 1], rows.Select(r => r.Attempts));
        Assert.All(rows, r => Assert.Equal(SimulatorServer.AnswerFor(questions[r.Row]), r.Answer));
    }

    [Fact]
    public async Task PersistentFault_RowFailsWithReason_OthersDone_OutputHasError()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3, i => i == 1 ? "always broken [[sim:500]]" : $"fine {i}");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((2L, 1L), (job.Counts.Done, job.Counts.Failed));
        var failed = notes.Rows.Single(r => !r.Succeeded);
        Assert.Equal(1, failed.Row);
        Assert.Equal(FastRetries.MaxRetries + 1, failed.Attempts);
        Assert.Contains("row 1", failed.Error);
        Assert.Contains("500", failed.Error);
        using var line = JsonDocument.Parse(File.ReadAllLines(started.Output)[1]);
        Assert.Equal(JsonValueKind.Null, line.RootElement.GetProperty("answer").ValueKind);
        Assert.Contains("500", line.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RefusedRequest_RowFailsAtOnceWithProvidersMessage_OthersDone()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3, i => i == 1 ? "far too long [[sim:400]]" : $"fine {i}");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var failed = Assert.Single(notes.Rows, r => !r.Succeeded);
        Assert.Equal(1, failed.Row);
        Assert.Equal(1, failed.Attempts); // retrying cannot fix a refused request
        Assert.Contains("HTTP 400", failed.Error);
        Assert.Contains("maximum context length", failed.Error); // the provider's own words
        Assert.Equal(1, harness.Simulator.Stats.RequestsFor("far too long [[sim:400]]"));
        Assert.Equal(2, notes.Rows.Count(r => r.Succeeded));
    }

    [Fact]
    public async Task GarbageAnswer_RetriedThenAnswered_OrFailedNamingTheFormat()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        string[] questions = ["once [[sim:garbagex1]]", "always [[sim:garbage]]", "fine"];
        var input = harness.WriteQuestions("q.csv", questions.Length, i => questions[i]);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 3));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var rows = notes.Rows.OrderBy(r => r.Row).ToList();
        Assert.True(rows[0].Succeeded, rows[0].Error);
        Assert.Equal(2, rows[0].Attempts);
        Assert.Equal(SimulatorServer.AnswerFor(questions[0]), rows[0].Answer);
        Assert.False(rows[1].Succeeded);
        Assert.Equal(FastRetries.MaxRetries + 1, rows[1].Attempts);
        Assert.Contains("not OpenAI's stream format", rows[1].Error);
        Assert.Contains(harness.Simulator.BaseUrl.ToString().TrimEnd('/'), rows[1].Error);
        Assert.True(rows[2].Succeeded, rows[2].Error);
    }

    [Fact]
    public async Task RefusedKey_JobPausesNamingEndpoint_KeyNeverShown()
    {
        await using var harness = await StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, RequiredApiKey = "right-key" });
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 20);
        const string wrongKey = "sk-wrong-key-0123456789";

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider() with { ApiKey = wrongKey }, Concurrency: 2));
        var paused = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());

        Assert.Contains("refused", paused.Message);
        Assert.Contains(harness.Simulator.BaseUrl.ToString().TrimEnd('/'), paused.Message);
        Assert.DoesNotContain("wrong-key", paused.Message);
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(0, job.Counts.Failed);
        foreach (var file in Directory.GetFiles(harness.Host.DataDirectory, "ledger.db*"))
        {
            Assert.DoesNotContain("wrong-key", File.ReadAllText(file));
        }

        // The right key, given on resume, finishes the job.
        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, "right-key"));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        Assert.Equal(20, (await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId))).Counts.Done);
    }
}
