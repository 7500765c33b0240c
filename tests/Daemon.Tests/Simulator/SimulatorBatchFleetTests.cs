using System.Net;
using System.Text.Json;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.Simulator.BatchApiClient;

namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>
/// The Batch API in background mode (the real clock): a fleet answers the lines, requests only read what it has reached. Each test
/// slows the fleet with <see cref="SimulatorOptions.BatchFleetLinesPerSecond"/> where it needs the fleet to be behind, so what it
/// asserts does not hang on timing: a batch due at once stays in_progress because the fleet has not reached its lines.
/// </summary>
public sealed class SimulatorBatchFleetTests
{
    // Slow enough that thousands of lines take minutes: a request made while the fleet is behind finds it still behind.
    private const double SlowFleet = 40;

    private static SimulatorOptions Options() => new()
    {
        TimeToFirstToken = TimeSpan.Zero,
        // Every line is due the moment its batch is in progress: a batch still in progress is one the fleet is behind on.
        BatchValidationTime = TimeSpan.Zero,
        BatchCompletionTime = TimeSpan.Zero,
        BatchFinalizingTime = TimeSpan.Zero,
    };

    private static IEnumerable<string> Lines(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Line($"{prefix}-{i}", $"{prefix} question {i}"));

    [Fact(Timeout = 120_000)]
    public async Task Fleet_Behind_RequestsAnswerFromWhatItReachedAndTheBatchesCompleteWithEveryLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Options();
        options.BatchFleetLinesPerSecond = SlowFleet;
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var api = For(server);
        var first = (await api.CreateAsync(await api.UploadAsync(Lines("a", 3000), ct), ct)).GetProperty("id").GetString()!;
        await server.Stats.WaitUntilAsync(s => s.BatchLinesSucceeded >= 1, ct);

        // The first batch is past its nominal end (completion time zero) with most of its lines due and unanswered. A request that
        // worked batches out itself, as on a fake clock, would answer all of them here and see it finalizing.
        var behind = await api.GetAsync(first, ct);
        var second = (await api.CreateAsync(await api.UploadAsync(Lines("b", 5000), ct), ct)).GetProperty("id").GetString()!;
        var list = JsonDocument.Parse(await api.Http.GetStringAsync("/v1/batches", ct)).RootElement.Clone();
        using var files = await api.Http.GetAsync("/v1/files", ct);
        var answeredWhileBehind = server.Stats.BatchLinesSucceeded;

        options.BatchFleetLinesPerSecond = null;
        await server.Stats.WaitUntilAsync(s => s.BatchesFinished == 2, ct);
        var firstDone = await api.GetAsync(first, ct);
        var secondDone = await api.GetAsync(second, ct);
        var firstOutput = await api.LinesAsync(firstDone.GetProperty("output_file_id"), ct);
        var secondOutput = await api.LinesAsync(secondDone.GetProperty("output_file_id"), ct);

        Assert.Equal("in_progress", Status(behind));
        Assert.InRange(Count(behind, "completed"), 1, 2999);
        Assert.Equal(JsonValueKind.Null, behind.GetProperty("output_file_id").ValueKind);
        Assert.True(answeredWhileBehind < 3000, $"{answeredWhileBehind} lines answered while the fleet was held at {SlowFleet} a second");
        Assert.Equal([second, first], list.GetProperty("data").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, files.StatusCode);

        Assert.Equal(["completed", "completed"], [Status(firstDone), Status(secondDone)]);
        Assert.Equal((3000, 3000), (Count(firstDone, "total"), Count(firstDone, "completed")));
        Assert.Equal((5000, 5000), (Count(secondDone, "total"), Count(secondDone, "completed")));
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"a-{i}").Order(), firstOutput.Select(l => l.GetProperty("custom_id").GetString()!).Order());
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => $"b-{i}").Order(), secondOutput.Select(l => l.GetProperty("custom_id").GetString()!).Order());
        Assert.All(firstOutput.Concat(secondOutput), l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.Equal(8000, server.Stats.BatchLinesSucceeded);
        Assert.All(server.Stats.BatchLinesByCustomId.Values, n => Assert.Equal(1, n));
    }

    [Fact(Timeout = 60_000)]
    public async Task Fleet_CancelWhileBehind_KeepsTheLinesAnsweredBeforeAndAnswersNoMore()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Options();
        options.BatchFleetLinesPerSecond = SlowFleet;
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var api = For(server);
        var id = (await api.CreateAsync(await api.UploadAsync(Lines("c", 1000), ct), ct)).GetProperty("id").GetString()!;
        await server.Stats.WaitUntilAsync(s => s.BatchLinesSucceeded >= 5, ct);

        var cancelling = await api.CancelAsync(id, ct);
        // Lifted, the fleet would answer the rest in a moment if the cancel had not stopped it.
        options.BatchFleetLinesPerSecond = null;
        await server.Stats.WaitUntilAsync(s => s.BatchesFinished == 1, ct);
        var cancelled = await api.GetAsync(id, ct);
        var output = await api.LinesAsync(cancelled.GetProperty("output_file_id"), ct);

        Assert.Equal("cancelling", Status(cancelling));
        Assert.Equal("cancelled", Status(cancelled));
        Assert.InRange(Count(cancelling, "completed"), 5, 999);
        Assert.Equal(Count(cancelling, "completed"), Count(cancelled, "completed"));
        Assert.Equal(Count(cancelled, "completed"), output.Count);
        Assert.Equal(output.Count, output.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        Assert.Equal(output.Count, server.Stats.BatchLinesSucceeded);
    }

    [Fact(Timeout = 60_000)]
    public async Task Fleet_ExpiredShare_DrawnPerBatch_TheLinesThatExpiredOnceAreNotBoundToExpireAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await ExpiredInTwoBatchesAsync(ct);
        var twin = await ExpiredInTwoBatchesAsync(ct);

        Assert.Equal([20, 20], first.Select(e => e.Count));
        // The same 200 custom_ids twice: drawn by custom_id alone, the same 20 would expire both times.
        Assert.NotEqual(first[0], first[1]);
        Assert.True(first[0].Intersect(first[1]).Count() < 10, $"{first[0].Intersect(first[1]).Count()} of 20 expired again");
        // Still one draw per seed and batch number: another server given the same batches expires the same lines.
        Assert.Equal(first[0], twin[0]);
        Assert.Equal(first[1], twin[1]);
    }

    // Two batches of the same 200 lines, one after the other, on a fresh server with one seed: the custom_ids expired in each.
    private static async Task<List<SortedSet<string>>> ExpiredInTwoBatchesAsync(CancellationToken ct)
    {
        var options = Options();
        (options.Seed, options.BatchExpiredShare) = (11, 0.1);
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        var api = For(server);
        var file = await api.UploadAsync(Lines("e", 200), ct);
        var expired = new List<SortedSet<string>>();
        for (var n = 1; n <= 2; n++)
        {
            var id = (await api.CreateAsync(file, ct)).GetProperty("id").GetString()!;
            await server.Stats.WaitUntilAsync(s => s.BatchesFinished == n, ct);
            var batch = await api.GetAsync(id, ct);
            Assert.Equal("expired", Status(batch));
            var errors = await api.LinesAsync(batch.GetProperty("error_file_id"), ct);
            Assert.All(errors, e => Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString()));
            expired.Add(new SortedSet<string>(errors.Select(e => e.GetProperty("custom_id").GetString()!), StringComparer.Ordinal));
        }
        return expired;
    }
}
