using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;
using static BatchAi.Daemon.Tests.Simulator.BatchApiClient;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorBatchTests
{
    private static readonly TimeSpan Validation = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Finalizing = TimeSpan.FromSeconds(1);

    internal static SimulatorOptions Options(FakeTimeProvider clock) => new()
    {
        TimeProvider = clock,
        TimeToFirstToken = TimeSpan.Zero,
        BatchValidationTime = Validation,
        BatchCompletionTime = Completion,
        BatchFinalizingTime = Finalizing,
    };

    [Fact(Timeout = 30_000)]
    public async Task Batch_UploadCreatePollDownload_ThroughTheOpenAiSdk_AnswersAsOnlineInAnotherOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(Options(clock), cancellationToken: ct);
        var sdk = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = server.BaseUrl, RetryPolicy = new ClientRetryPolicy(0) });
        var api = For(server);
        var questions = Enumerable.Range(0, 40).Select(i => $"What is item {i}?").ToList();
        var lines = questions.Select((q, i) => Line($"row-{i}", q, maxTokens: i == 0 ? 3 : null)).ToList();

        OpenAIFile file = await sdk.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromString(string.Join("\n", lines) + "\n"), "rows.jsonl", FileUploadPurpose.Batch);
        var create = BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = file.Id, endpoint = "/v1/chat/completions", completion_window = "24h" }));
#pragma warning disable OPENAI001 // The SDK's batch client is marked experimental; it is the shape a client of OpenAI's Batch API uses.
        var operation = await sdk.GetBatchClient().CreateBatchAsync(create, waitUntilCompleted: false, new RequestOptions { CancellationToken = ct });
        var statuses = new List<string> { Status(await api.GetAsync(operation.BatchId, ct)) };
        foreach (var step in new[] { Validation, Completion, Finalizing })
        {
            clock.Advance(step);
            statuses.Add(Status(await api.GetAsync(operation.BatchId, ct)));
        }
        await operation.UpdateStatusAsync(new RequestOptions { CancellationToken = ct });
        var batch = JsonDocument.Parse((await operation.GetBatchAsync(new RequestOptions { CancellationToken = ct })).GetRawResponse().Content).RootElement;
#pragma warning restore OPENAI001
        BinaryData output = await sdk.GetOpenAIFileClient().DownloadFileAsync(batch.GetProperty("output_file_id").GetString()!, ct);
        var outputLines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        using var online = await PostChatAsync(api.Http, ChatBody(questions[0], stream: false, maxTokens: 3), ct);
        var onlineFirst = JsonDocument.Parse(await online.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        Assert.Equal(["validating", "in_progress", "finalizing", "completed"], statuses);
        Assert.True(operation.HasCompleted);
        Assert.StartsWith("batch_", operation.BatchId, StringComparison.Ordinal);
        Assert.Equal((40, 40, 0), (Count(batch, "total"), Count(batch, "completed"), Count(batch, "failed")));
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("error_file_id").ValueKind);
        var created = batch.GetProperty("created_at").GetInt64();
        Assert.Equal(created + 1, batch.GetProperty("in_progress_at").GetInt64());
        Assert.Equal(created + 11, batch.GetProperty("finalizing_at").GetInt64());
        Assert.Equal(created + 12, batch.GetProperty("completed_at").GetInt64());
        Assert.Equal(created + 86_400, batch.GetProperty("expires_at").GetInt64());

        var ids = outputLines.Select(l => l.GetProperty("custom_id").GetString()!).ToList();
        Assert.Equal(questions.Select((_, i) => $"row-{i}").Order(), ids.Order());
        Assert.NotEqual(questions.Select((_, i) => $"row-{i}"), ids);
        Assert.All(outputLines, l =>
        {
            Assert.StartsWith("batch_req_", l.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, l.GetProperty("error").ValueKind);
            Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32());
            var body = l.GetProperty("response").GetProperty("body");
            Assert.Equal("chat.completion", body.GetProperty("object").GetString());
            Assert.True(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        });
        string Answer(string id) => outputLines.Single(l => l.GetProperty("custom_id").GetString() == id)
            .GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(SimulatorServer.AnswerFor(questions[7]), Answer("row-7"));
        Assert.Equal(onlineFirst, Answer("row-0"));
        Assert.Equal(1, server.Stats.BatchesCreated);
        Assert.Equal(1, server.Stats.BatchesFinished);
        Assert.Equal(40, server.Stats.BatchLinesSucceeded);
        Assert.All(server.Stats.BatchLinesByCustomId.Values, n => Assert.Equal(1, n));
    }

    [Fact(Timeout = 30_000)]
    public async Task Batch_FailedAndExpiredShares_ErrorFileHasThemAndEveryLineAppearsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = Options(clock);
        options.Seed = 7;
        options.BatchFailedShare = 0.2;
        options.BatchExpiredShare = 0.1;
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var api = For(server);
        var batch = await api.CreateAsync(await api.UploadAsync(Enumerable.Range(0, 100).Select(i => Line($"r{i}", $"question {i}")), ct), ct);

        clock.Advance(Validation + Completion);
        var ended = await api.GetAsync(batch.GetProperty("id").GetString()!, ct);
        var output = await api.LinesAsync(ended.GetProperty("output_file_id"), ct);
        var errors = await api.LinesAsync(ended.GetProperty("error_file_id"), ct);
        var expired = errors.Where(e => e.GetProperty("response").ValueKind == JsonValueKind.Null).ToList();
        var failed = errors.Except(expired).ToList();

        Assert.Equal("expired", Status(ended));
        Assert.Equal(ended.GetProperty("in_progress_at").GetInt64() + 10, ended.GetProperty("expired_at").GetInt64());
        Assert.Equal(10, expired.Count);
        Assert.All(expired, e => Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString()));
        Assert.InRange(failed.Count, 8, 30);
        Assert.All(failed, e => Assert.Equal(500, e.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.All(failed, e => Assert.Equal("server_error", e.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("type").GetString()));
        Assert.Equal((100, output.Count, failed.Count), (Count(ended, "total"), Count(ended, "completed"), Count(ended, "failed")));
        var all = output.Concat(errors).Select(l => l.GetProperty("custom_id").GetString()).ToList();
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(100, all.Count);
        Assert.Equal(90, server.Stats.BatchLinesByCustomId.Count);
        Assert.Equal(10, server.Stats.BatchLinesExpired);

        // The shares are drawn by custom_id and seed: another server with the same seed fails the same lines.
        var again = new FakeTimeProvider();
        var sameOptions = Options(again);
        (sameOptions.Seed, sameOptions.BatchFailedShare, sameOptions.BatchExpiredShare) = (7, 0.2, 0.1);
        await using var twin = await SimulatorServer.StartAsync(sameOptions, cancellationToken: ct);
        var twinApi = For(twin);
        var twinBatch = await twinApi.CreateAsync(await twinApi.UploadAsync(Enumerable.Range(0, 100).Select(i => Line($"r{i}", $"question {i}")), ct), ct);
        again.Advance(Validation + Completion);
        var twinErrors = await twinApi.LinesAsync((await twinApi.GetAsync(twinBatch.GetProperty("id").GetString()!, ct)).GetProperty("error_file_id"), ct);
        Assert.Equal(errors.Select(e => e.GetProperty("custom_id").GetString()).Order(), twinErrors.Select(e => e.GetProperty("custom_id").GetString()).Order());
    }

    [Fact(Timeout = 30_000)]
    public async Task Batch_InvalidLines_FailsValidationWithOpenAiCodesAndLines()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(Options(clock), cancellationToken: ct);
        var api = For(server);
        string[] lines =
        [
            Line("a", "fine"),
            "{not json",
            Line("b", "wrong url", url: "/v1/embeddings"),
            Line("a", "duplicate"),
            """{"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"messages":[]}}""",
        ];
        var batch = await api.CreateAsync(await api.UploadAsync(lines, ct), ct);
        var directed = await api.CreateAsync(await api.UploadAsync([Line("x", "fine")], ct), ct, new() { ["sim"] = "fail_validation" });

        clock.Advance(Validation);
        var failed = await api.GetAsync(batch.GetProperty("id").GetString()!, ct);
        var failedByDirective = await api.GetAsync(directed.GetProperty("id").GetString()!, ct);

        Assert.Equal("validating", Status(batch));
        Assert.Equal(["failed", "failed"], [Status(failed), Status(failedByDirective)]);
        var errors = failed.GetProperty("errors").GetProperty("data").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("line").GetInt32())).ToList();
        Assert.Equal([("invalid_json_line", 2), ("url_mismatch", 3), ("duplicate_custom_id", 4), ("missing_required_parameter", 5)], errors);
        Assert.Equal(failed.GetProperty("created_at").GetInt64() + 1, failed.GetProperty("failed_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("output_file_id").ValueKind);
        Assert.Equal("fail_validation", failedByDirective.GetProperty("metadata").GetProperty("sim").GetString());
        Assert.Equal(0, server.Stats.BatchLinesSucceeded);
    }

    [Fact(Timeout = 30_000)]
    public async Task Batch_OverTheEnqueuedTokenQuota_FailsWithTokenLimitExceededUntilTheFirstEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = Options(clock);
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var api = For(server);
        var file = await api.UploadAsync(Enumerable.Range(0, 10).Select(i => Line($"q{i}", $"How tall is tower {i}?")), ct);
        // Measure one batch's prompt tokens from its answered usage, then allow one and a half of them.
        var probe = await api.CreateAsync(file, ct);
        clock.Advance(Validation + Completion + Finalizing);
        var tokens = (await api.GetAsync(probe.GetProperty("id").GetString()!, ct)).GetProperty("usage").GetProperty("input_tokens").GetInt64();
        options.BatchEnqueuedTokenLimit = tokens * 3 / 2;

        var first = await api.CreateAsync(file, ct);
        var second = await api.CreateAsync(file, ct);
        clock.Advance(Validation);
        var firstRunning = await api.GetAsync(first.GetProperty("id").GetString()!, ct);
        var refused = await api.GetAsync(second.GetProperty("id").GetString()!, ct);
        clock.Advance(Completion);
        var third = await api.CreateAsync(file, ct);
        clock.Advance(Validation);
        var thirdRunning = await api.GetAsync(third.GetProperty("id").GetString()!, ct);

        Assert.Equal("in_progress", Status(firstRunning));
        Assert.Equal("failed", Status(refused));
        var error = refused.GetProperty("errors").GetProperty("data")[0];
        Assert.Equal("token_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("Enqueued token limit reached", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("in_progress", Status(thirdRunning));
    }

    [Fact(Timeout = 30_000)]
    public async Task Batch_CancelledHalfWay_KeepsTheLinesDoneAndDropsTheRest()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(Options(clock), cancellationToken: ct);
        var api = For(server);
        var batch = await api.CreateAsync(await api.UploadAsync(Enumerable.Range(0, 10).Select(i => Line($"c{i}", $"cancel me {i}")), ct), ct);
        var id = batch.GetProperty("id").GetString()!;

        clock.Advance(Validation + (Completion / 2));
        var cancelling = await api.CancelAsync(id, ct);
        clock.Advance(Finalizing);
        var cancelled = await api.GetAsync(id, ct);
        var output = await api.LinesAsync(cancelled.GetProperty("output_file_id"), ct);
        using var again = await api.Http.PostAsync($"/v1/batches/{id}/cancel", null, ct);
        var completedBatch = await api.CreateAsync(await api.UploadAsync([Line("done", "done")], ct), ct);
        clock.Advance(Validation + Completion + Finalizing);
        using var tooLate = await api.Http.PostAsync($"/v1/batches/{completedBatch.GetProperty("id").GetString()}/cancel", null, ct);

        Assert.Equal("cancelling", Status(cancelling));
        Assert.Equal("cancelled", Status(cancelled));
        Assert.Equal(5, output.Count);
        Assert.Equal((10, 5), (Count(cancelled, "total"), Count(cancelled, "completed")));
        Assert.Equal(cancelled.GetProperty("cancelling_at").GetInt64() + 1, cancelled.GetProperty("cancelled_at").GetInt64());
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLate.StatusCode);
        // Five lines of the cancelled batch and the one of the completed batch, each answered once.
        Assert.Equal(6, server.Stats.BatchLinesByCustomId.Count);
        Assert.All(server.Stats.BatchLinesByCustomId.Values, n => Assert.Equal(1, n));
    }

    [Fact(Timeout = 30_000)]
    public async Task ListBatches_LimitAndAfter_PagesNewestFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(Options(clock), cancellationToken: ct);
        var api = For(server);
        var file = await api.UploadAsync([Line("one", "one")], ct);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.CreateAsync(file, ct)).GetProperty("id").GetString()!);
        }

        var first = JsonDocument.Parse(await api.Http.GetStringAsync("/v1/batches?limit=2", ct)).RootElement;
        var rest = JsonDocument.Parse(await api.Http.GetStringAsync($"/v1/batches?limit=2&after={first.GetProperty("last_id").GetString()}", ct)).RootElement;

        Assert.Equal([ids[2], ids[1]], first.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.Equal([ids[0]], rest.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        Assert.Equal(3, server.Stats.BatchesCreated);
    }
}
