using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.Faults;

/// <summary>
/// The fault matrix of issue 13, end to end: the real daemon executable against a simulator playing what real providers
/// do. Each asserts the output exactly and its figure's bound loosely (a shared 2-core CI); `bench -- faults` holds the
/// real figures. Today's (before) daemon missed every bound here by far (docs/benchmarks.md, "Faults (before)").
/// </summary>
[Collection(nameof(FaultMatrix))]
public sealed class ProviderFaultTests
{
    [Fact]
    public async Task ThirtyPercentFaultedFirstAttempts_IsolatedRetryAfterHoldsOnlyItsRow_ExactAndFast()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(2));
        // OpenAI-style headers with the limit far from spent: the 429s are about their own requests.
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(100), RequestsPerWindow = 1_000_000, RetryAfter = TimeSpan.FromSeconds(1),
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var clean = await job.RunAsync(simulator, Datasets.Questions(600, "clean"), 60, "clean", ct);

        // 10% isolated 429 (Retry-After 1 s), 10% 500, 5% 503, 5% cut streams, on first attempts; retries succeed.
        string[] directives = ["[[sim:429x1]]", "[[sim:429x1]]", "[[sim:500x1]]", "[[sim:500x1]]", "[[sim:503x1]]", "[[sim:cutx1]]"];
        var questions = Datasets.Questions(600, "faulted").Select((q, i) => i % 20 < directives.Length ? $"{q} {directives[i % 20]}" : q).ToList();
        var faulted = await job.RunAsync(simulator, questions, 60, "faulted", ct);

        Datasets.AssertAllAnswered(faulted.Output, questions);
        Assert.Equal(0, faulted.Job.Counts.Failed);
        Assert.Equal(180, simulator.Stats.FaultsInjected);
        // Before: every 429 kept every row off the endpoint for its Retry-After (28x in the benchmark).
        var endpoint = Assert.Single(faulted.Job.Endpoints!);
        Assert.True(faulted.Seconds < Math.Max(4 * clean.Seconds, 6),
            $"{faulted.Seconds:0.0} s faulted against {clean.Seconds:0.0} s clean; limit {endpoint.ConcurrencyLimit}, {endpoint.Requests} requests, {endpoint.Errors} errors, circuit {endpoint.Circuit}, max in flight {simulator.Stats.MaxConcurrent}");
    }

    [Fact]
    public async Task FiftyPerSecondOverFiveSecondsStatedInHeaders_PacedToTheWindowNotPerMinute()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(2));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(50), RequestsPerWindow = 250, RateLimitWindow = TimeSpan.FromSeconds(5),
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var questions = Datasets.Questions(600, "window");

        var run = await job.RunAsync(simulator, questions, 50, "window", ct);

        Datasets.AssertAllAnswered(run.Output, questions);
        // 50 a second: 12 s (a burst of 250 only moves the wait to the window's end). Before: 250 a minute was read, 10% used.
        var share = 12.0 / run.Seconds;
        var endpoint = Assert.Single(run.Job.Endpoints!);
        Assert.True(share > 0.8, $"{run.Seconds:0.0} s: {share:P0} of the limit used; paced at {endpoint.RequestsPerMinute} a minute, limit {endpoint.ConcurrencyLimit}, {simulator.Stats.RateLimitedRequests} 429s");
        Assert.True(simulator.Stats.RateLimitedRequests < 30, $"{simulator.Stats.RateLimitedRequests} requests answered 429");
    }

    [Fact]
    public async Task QueueingServerWithoutHeaders_ConcurrencySettlesNearItsCapacity_NoTimeouts()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(2));
        // vLLM-like: 10 slots of 100 ms each, the rest wait in its queue; never a 429, no headers.
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(100), QueueCapacity = 10, RequestsPerMinute = null,
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var questions = Datasets.Questions(500, "queue");

        var run = await job.RunAsync(simulator, questions, 300, "queue", ct);

        Datasets.AssertAllAnswered(run.Output, questions);
        Assert.Equal(questions.Length, simulator.Stats.TotalRequests); // not one timed out and was asked again
        var endpoint = Assert.Single(run.Job.Endpoints!);
        Assert.True(endpoint.ConcurrencyLimit < 150, $"limit {endpoint.ConcurrencyLimit} of 300 at a server of 10 slots");
        Assert.True(run.Seconds < (500 / 100.0 / 0.7) + 2, $"{run.Seconds:0.0} s; the server's best is 5 s");
    }

    [Fact]
    public async Task Outage_JobShowsProviderUnavailableNoRowFails_GoesOnByItselfAfterRecovery()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(2));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(50) }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var questions = Datasets.Questions(400, "outage");
        var (jobId, output, _) = await job.StartAsync(simulator, questions, 20, "outage", ct);
        await job.Client.Notifications.WaitForRowsAsync(jobId, 60, ct);

        var ends = simulator.StartOutage(TimeSpan.FromSeconds(8));
        var down = await job.Client.Notifications.WaitForStateAsync(jobId, JobState.ProviderUnavailable, ct);
        var during = await job.Client.GetJobAsync(jobId, ct);
        Assert.Equal(JobState.ProviderUnavailable, during.State);
        Assert.NotNull(during.Outage);
        Assert.Contains("500", during.Outage!.LastError);
        Assert.Contains("next probe", down.Message);
        await job.Client.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);

        var job2 = await job.Client.GetJobAsync(jobId, ct);
        Assert.Equal(0, job2.Counts.Failed);
        Datasets.AssertAllAnswered(output, questions);
        var back = job.Client.Notifications.States.Last(s => s.JobId == jobId && s.State == JobState.Running && s.PreviousState == JobState.ProviderUnavailable);
        Assert.NotNull(back);
        Assert.True(simulator.Stats.OutageRequests < 60, $"{simulator.Stats.OutageRequests} requests sent into the outage");
        _ = ends;
    }

    [Fact]
    public async Task TwoPercentHungRequests_CutInSecondsNotTheMinuteAndAHalf()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(2));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(200), FaultRate = 0.02, FaultKinds = [SimulatorFault.NeverAnswers], Seed = 2,
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var questions = Datasets.Questions(200, "hung");

        var run = await job.RunAsync(simulator, questions, 20, "hung", ct);

        Datasets.AssertAllAnswered(run.Output, questions);
        Assert.True(simulator.Stats.FaultsInjected > 0, "no request hung");
        // Ideal 2 s; before, each hung request cost the fixed 90 s first-token timeout.
        Assert.True(run.Seconds < 30, $"{run.Seconds:0.0} s");
    }

    [Fact]
    public async Task QuotaSpentForTheDay_JobPausesSayingSo_NoRowFails()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(1));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, QuotaExhausted = true }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var (jobId, _, _) = await job.StartAsync(simulator, Datasets.Questions(50, "quota"), 8, "quota", ct);

        var paused = await job.Client.Notifications.WaitForStateAsync(jobId, JobState.Paused, ct);

        Assert.Contains("quota", paused.Message, StringComparison.OrdinalIgnoreCase);
        var info = await job.Client.GetJobAsync(jobId, ct);
        Assert.Equal(0, info.Counts.Failed);
        Assert.True(simulator.Stats.TotalRequests <= 20, $"{simulator.Stats.TotalRequests} requests: retried a spent quota");
    }
}

/// <summary>Each endpoint's dialect, end to end: the cap sent under the name the endpoint reads, reasoning taken from where it arrives.</summary>
[Collection(nameof(FaultMatrix))]
public sealed class DialectTests
{
    [Fact]
    public async Task EndpointRefusesMaxCompletionTokens_LearnsMaxTokens_CapHoldsAndNoRowFails()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(1));
        // Older vLLM and some gateways: 400 unknown_parameter on max_completion_tokens; max_tokens is read.
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(5), MaxTokensParameter = MaxTokensParameter.MaxTokensOnly, MinAnswerTokens = 30,
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var input = Datasets.WriteCsv(job.Temp.File("d.csv"), Datasets.Questions(100, "dialect"));
        var output = job.Temp.File("d.answers.jsonl");

        var started = await job.Client.CallAsync<StartJobResult>(Methods.StartJob,
            new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: 8, MaxTokens: 5), ct);
        await job.Client.Notifications.WaitForStateAsync(started.JobId, JobState.Completed, ct);

        var records = Datasets.ReadJsonl(output);
        Assert.Equal(100, records.Count);
        Assert.All(records, r => Assert.Equal("length", r.GetProperty("finishReason").GetString()));
        Assert.InRange(simulator.Stats.DialectRefusals, 1, 8); // at most what was in flight before the first refusal came back
    }

    [Fact]
    public async Task ThinkBlocksInTheContent_StoredAsReasoning_AnswerExact()
    {
        var ct = Timeouts.Token(TimeSpan.FromMinutes(1));
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero, Reasoning = true, ReasoningPlacement = ReasoningPlacement.ThinkTags,
        }, cancellationToken: ct);
        await using var job = await FaultJob.StartDaemonAsync(ct);
        var questions = Datasets.Questions(40, "think");

        var run = await job.RunAsync(simulator, questions, 8, "think", ct);

        Datasets.AssertAllAnswered(run.Output, questions);
        var records = Datasets.ReadJsonl(run.Output);
        Assert.All(records.Select((r, i) => (r, i)), x => Assert.Equal(SimulatorServer.ReasoningFor(questions[x.i]), x.r.GetProperty("reasoning").GetString()));
    }
}

/// <summary>The matrix's jobs measure time: run them one at a time.</summary>
[CollectionDefinition(nameof(FaultMatrix), DisableParallelization = true)]
public sealed class FaultMatrix;
