using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Endpoint pools, profiles and retryFailed through the real composition, the SDK and simulators on 127.0.0.1.</summary>
public sealed class PoolTests
{
    private static DaemonSettings Settings => new()
    {
        Retry = FastRetries with { MaxRetries = 6 },
        PauseGrace = TimeSpan.FromSeconds(5),
        Pool = new PoolSettings { BreakerFailures = 3, BreakDuration = TimeSpan.FromMinutes(5) },
    };

    [Fact]
    public async Task Pool_OneEndpointDown_CircuitOpens_EveryRowAnsweredByTheOther()
    {
        await using var harness = await StartAsync(settings: Settings);
        await using var down = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero, FaultRate = 1, FaultKinds = [SimulatorFault.ServerError500],
        }, cancellationToken: Timeouts.Token());
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 60);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, null, Concurrency: 4, Endpoints:
        [
            new EndpointConfig(down.BaseUrl.ToString(), "m", "down"),
            new EndpointConfig(harness.Simulator.BaseUrl.ToString(), "m", "up"),
        ]));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((60L, 0L), (job.Counts.Done, job.Counts.Failed));
        var stats = job.Endpoints!.ToDictionary(e => e.Name);
        Assert.Equal("open", stats["down"].Circuit);
        Assert.InRange(down.Stats.TotalRequests, 3, 3 + 4); // the threshold, plus at most what was in flight when it opened
        Assert.Equal(stats["down"].Requests, stats["down"].Errors);
        Assert.Equal(60, harness.Simulator.Stats.CompletedRequests);
    }

    [Fact]
    public async Task Pool_ThirtyPercentInjectedFaults_EveryRowAnsweredExactlyOnce()
    {
        await using var harness = await StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero,
            FaultRate = 0.3,
            FaultKinds = [SimulatorFault.RateLimited429, SimulatorFault.ServerError500, SimulatorFault.Unavailable503, SimulatorFault.StreamCut],
            RetryAfter = TimeSpan.FromMilliseconds(5),
            Seed = 42,
        }, Settings with { Pool = new PoolSettings { BreakerFailures = 50, BreakDuration = TimeSpan.FromMilliseconds(50) }, Retry = FastRetries with { MaxRetries = 12 } });
        var (rpc, notes) = harness.Connect();
        const int rows = 300;
        var input = harness.WriteQuestions("q.csv", rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 16));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.True(harness.Simulator.Stats.FaultsInjected > rows / 5, $"only {harness.Simulator.Stats.FaultsInjected} faults");
        var completed = notes.Rows.ToList();
        Assert.Equal(rows, completed.Count);
        Assert.Equal(rows, completed.Select(r => r.Row).Distinct().Count());
        Assert.All(completed, r => Assert.True(r.Succeeded, r.Error));
        Assert.All(completed, r => Assert.Equal(SimulatorServer.AnswerFor($"Question number {r.Row}?"), r.Answer));
        var lines = File.ReadAllLines(started.Output);
        Assert.Equal(rows, lines.Length);
        Assert.Equal(Enumerable.Range(0, rows), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("index").GetInt32()));
        // Each row's attempts = the requests the provider saw for it: no answer was taken from a cut stream and asked again.
        Assert.All(completed, r => Assert.Equal(harness.Simulator.Stats.RequestsFor($"Question number {r.Row}?"), r.Attempts));
    }

    [Fact]
    public async Task RetryFailed_CompletedJobWithFailedRow_SendsOnlyThatRow_OutputRewritten()
    {
        await using var harness = await StartAsync(settings: Settings with { Retry = FastRetries with { MaxRetries = 1 } });
        var (rpc, notes) = harness.Connect();
        // Fails 3 times: the first run's 2 attempts fail, the retry's first attempt fails too and its second succeeds.
        var input = harness.WriteQuestions("q.csv", 3, i => i == 1 ? "flaky [[sim:500x3]]" : $"fine {i}");

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        using (var first = JsonDocument.Parse(File.ReadAllLines(started.Output)[1]))
        {
            Assert.StartsWith("row 1", first.RootElement.GetProperty("error").GetString());
        }

        notes.ForgetState(started.JobId, JobState.Completed);
        var job = await CallAsync<JobInfo>(rpc, Methods.RetryFailed, new ResumeJobParams(started.JobId));
        Assert.Equal(JobState.Running, job.State);
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal((3L, 0L), (job.Counts.Done, job.Counts.Failed));
        Assert.Equal(1, harness.Simulator.Stats.RequestsFor("fine 0"));
        var retried = notes.Rows.Last(r => r.Row == 1);
        Assert.True(retried.Succeeded);
        Assert.Equal(4, retried.Attempts); // attempts are kept across runs
        using var line = JsonDocument.Parse(File.ReadAllLines(started.Output)[1]);
        Assert.Equal(SimulatorServer.AnswerFor("flaky [[sim:500x3]]"), line.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Profiles_SaveListStartDelete_KeysRefused()
    {
        await using var harness = await StartAsync(settings: Settings);
        var (rpc, notes) = harness.Connect();
        var endpoint = new EndpointConfig(harness.Simulator.BaseUrl.ToString(), "m", Weight: 2, MaxConcurrent: 3);

        var refused = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<SaveProfileParams>(rpc, Methods.SaveProfile,
            new SaveProfileParams("p", [endpoint with { ApiKey = "sk-secret-123456" }])));
        Assert.Contains("endpoints[0].apiKey", refused.Message);
        Assert.Contains("apiKeyEnv", refused.Message);

        var saved = await CallAsync<SaveProfileParams>(rpc, Methods.SaveProfile, new SaveProfileParams("local", [endpoint], Concurrency: 5));
        Assert.Equal("endpoint1", saved.Endpoints[0].Name);
        var listed = await CallAsync<ListProfilesResult>(rpc, Methods.ListProfiles);
        Assert.Equal(["local"], listed.Profiles.Select(p => p.Name));

        var input = harness.WriteQuestions("q.csv", 10);
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, null, Profile: "local"));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(10, job.Counts.Done);
        Assert.Equal(3, Assert.Single(job.Endpoints!).ConcurrencyLimit);
        Assert.True(harness.Simulator.Stats.MaxConcurrent <= 3);

        Assert.True((await CallAsync<DeleteProfileResult>(rpc, Methods.DeleteProfile, new ProfileNameParams("local"))).Deleted);
        var missing = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, null, Profile: "local")));
        Assert.Contains("No profile 'local'", missing.Message);
    }

    [Theory]
    [InlineData(true, true, false, "endpoints")]
    [InlineData(false, false, false, "provider")]
    [InlineData(false, true, true, "profile")]
    public async Task StartJob_NotExactlyOneOfProviderEndpointsProfile_InvalidParamsNamingField(bool provider, bool endpoints, bool profile, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 1);

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, provider ? harness.Provider() : null,
                Endpoints: endpoints ? [new EndpointConfig(harness.Simulator.BaseUrl.ToString(), "m")] : null,
                Profile: profile ? "p" : null)));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public async Task Pool_ProviderCapsConcurrency_AdaptiveLimitFindsIt_FewRowsRetried()
    {
        await using var harness = await StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(20), MaxConcurrentRequests = 8, RetryAfter = TimeSpan.FromMilliseconds(20),
        }, Settings with { Retry = FastRetries with { MaxRetries = 20 } });
        var (rpc, notes) = harness.Connect();
        const int rows = 400;
        var input = harness.WriteQuestions("q.csv", rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), Concurrency: 64));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(rows, job.Counts.Done);
        var endpoint = Assert.Single(job.Endpoints!);
        Assert.InRange(endpoint.ConcurrencyLimit, 1, 16); // came down from 64 to about the provider's 8
        // Without adapting, 56 of every 64 requests would be refused (about 7 per row); probing above the limit
        // costs one 429 now and then, plus the first burst's 56.
        Assert.True(harness.Simulator.Stats.RateLimitedRequests < rows / 2, $"{harness.Simulator.Stats.RateLimitedRequests} 429s");
    }
}
