using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.IntegrationTests.Abuse;

/// <summary>Clients that hang up in the middle of a request: the work they asked for is either done properly or not at all.</summary>
public sealed class DisconnectAbuseTests : IAsyncLifetime
{
    private AbuseScene _scene = null!;

    public async ValueTask InitializeAsync() => _scene = await AbuseScene.StartAsync(rows: 300, Timeouts.Token());

    public async ValueTask DisposeAsync() => await _scene.DisposeAsync();

    [Fact]
    public async Task StartJobThenDisconnectBeforeTheReply_EveryJobStartedRunsToCompletion()
    {
        var ct = Timeouts.Token();
        var questions = Datasets.Questions(10, "hang-up");
        var inputs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var input = Datasets.WriteCsv(_scene.Temp.File($"hang-up-{i}.csv"), questions);
            inputs.Add(input);
            var (raw, id) = await _scene.ConnectRawAsync(ct);
            var request = new { input, provider = _scene.Provider, output = input + ".jsonl", concurrency = 2 };
            await raw.Client.SendRawAsync(Frames.Encode(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = Methods.StartJob, @params = request }, RpcClient.JsonOptions())), ct);
            await raw.DisposeAsync();
            await _scene.WaitForDisconnectAsync(id, ct);
        }

        // A job the daemon recorded for a client that left is a job like any other: it runs to the end, never stuck as queued.
        var jobs = await _scene.Bystander.CallAsync<ListJobsResult>(Methods.ListJobs, new { }, ct);
        var orphans = jobs.Jobs.Where(j => inputs.Contains(j.Input)).ToList();
        Assert.True(orphans.Select(j => j.Input).Distinct().Count() == orphans.Count, "a startJob was recorded twice");
        foreach (var job in orphans)
        {
            Assert.True(job.State is JobState.Running or JobState.Completed, $"job {job.JobId} is {job.State}");
        }

        await _scene.AssertUnharmedAsync(ct);
        foreach (var job in orphans)
        {
            await _scene.Bystander.Notifications.WaitForStateAsync(job.JobId, JobState.Completed, ct);
            Datasets.AssertAllAnswered(job.Output, questions);
        }

        Assert.DoesNotContain("unexpected error", _scene.Daemon.Stderr);
        TestContext.Current.SendDiagnosticMessage($"{orphans.Count} of {inputs.Count} startJob requests from clients that hung up were carried out");
    }

    [Fact]
    public async Task DisconnectWhilePauseDrains_JobEndsPausedWithAnswersInFlightStoredThenResumes()
    {
        var ct = Timeouts.Token();
        var questions = Datasets.Questions(12, "pause-drain");
        var input = Datasets.WriteCsv(_scene.Temp.File("pause-drain.csv"), questions);
        var output = _scene.Temp.File("pause-drain.jsonl");

        // Answers take 1.5 s from now on, so a pause sent once the first rows are at the simulator has answers in flight to wait for.
        _scene.Simulator.Options.TimeToFirstToken = TimeSpan.FromMilliseconds(1500);
        var (raw, id) = await _scene.ConnectRawAsync(ct);
        var started = await raw.Client.RequestAsync(Methods.StartJob, new { input, provider = _scene.Provider, output, concurrency = 2 }, ct);
        var jobId = started.GetProperty("result").GetProperty("jobId").GetString()!;
        await _scene.Simulator.Stats.WaitUntilAsync(s => s.RequestsFor(questions[0]) > 0 && s.RequestsFor(questions[1]) > 0, ct);

        await raw.Client.SendRawAsync(Frames.Encode(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 2, method = Methods.PauseJob, @params = new { jobId } })), ct);
        await raw.DisposeAsync();
        await _scene.WaitForDisconnectAsync(id, ct);

        // The pause goes on without its caller: the two answers in flight land (stored whole), then the job is paused.
        var paused = await _scene.Bystander.Notifications.WaitForStateAsync(jobId, JobState.Paused, ct);
        Assert.Equal(JobState.Paused, paused.State);
        var job = await _scene.Bystander.GetJobAsync(jobId, ct);
        Assert.Equal(JobState.Paused, job.State);
        Assert.Equal(0, job.Counts.InFlight);
        Assert.InRange(job.Counts.Done, 2, questions.Length - 1);
        var landed = _scene.Bystander.Notifications.Rows.Where(r => r.JobId == jobId).ToList();
        Assert.All(landed, r => Assert.Equal(SimulatorAnswer(questions[r.Row]), r.Answer));

        await _scene.AssertUnharmedAsync(ct);
        var resumed = await _scene.Bystander.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        Assert.Equal(JobState.Running, resumed.State);
        await _scene.Bystander.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        Datasets.AssertAllAnswered(output, questions);
        Assert.All(questions, q => Assert.Equal(1, _scene.Simulator.Stats.RequestsFor(q)));
    }

    private static string SimulatorAnswer(string question) => BatchAi.Simulator.SimulatorServer.AnswerFor(question);
}
