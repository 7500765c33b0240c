using System.Net;
using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorOutageTests
{
    [Fact(Timeout = 20_000)]
    public async Task StartOutage_ForAMinute_Every500UntilItEndsThenRecoversByItself()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock }, cancellationToken: ct);
        using var http = Raw(server);

        var ends = server.StartOutage(TimeSpan.FromSeconds(60));
        using var down = await PostChatAsync(http, ChatBody("during 1", stream: true), ct);
        clock.Advance(TimeSpan.FromSeconds(59));
        using var stillDown = await PostChatAsync(http, ChatBody("during 2", stream: false), ct);
        var active = server.OutageActive;
        clock.Advance(TimeSpan.FromSeconds(1));
        using var recovered = await PostChatAsync(http, ChatBody("after", stream: false), ct);

        Assert.Equal(clock.GetUtcNow(), ends);
        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK],
            [down.StatusCode, stillDown.StatusCode, recovered.StatusCode]);
        Assert.Equal("server_error", (await ErrorOfAsync(down, ct)).GetProperty("type").GetString());
        Assert.True(active);
        Assert.False(server.OutageActive);
        Assert.Equal(2, server.Stats.OutageRequests);
        Assert.Equal(0, server.Stats.FaultsInjected);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_OutageAfterRequests_StartsAtThatRequestAndLastsOutageDuration()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { OutageAfterRequests = 2, OutageDuration = TimeSpan.FromSeconds(10), OutageStatusCode = 503, TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostChatAsync(http, ChatBody($"after {i}", stream: false), ct);
            statuses.Add(response.StatusCode);
            clock.Advance(TimeSpan.FromSeconds(4));
        }
        // The outage started with the third request, at 8 s: at 16 s it is still on, at 18 s it is over.
        using var lastSecondsDown = await PostChatAsync(http, ChatBody("at 16 s", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(2));
        using var recovered = await PostChatAsync(http, ChatBody("at 18 s", stream: false), ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], [lastSecondsDown.StatusCode, recovered.StatusCode]);
        Assert.Equal(3, server.Stats.OutageRequests);
    }

    [Fact(Timeout = 20_000)]
    public async Task SimOutage_PostSeconds_StartsOutageSeenInStatsAndZeroEndsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock }, cancellationToken: ct);
        using var http = Raw(server);

        using var started = await http.PostAsync("/sim/outage?seconds=60", null, ct);
        using var down = await PostChatAsync(http, ChatBody("down", stream: false), ct);
        var stats = JsonDocument.Parse(await http.GetStringAsync("/sim/stats", ct)).RootElement;
        using var ended = await http.PostAsync("/sim/outage?seconds=0", null, ct);
        using var up = await PostChatAsync(http, ChatBody("up", stream: false), ct);
        using var bad = await http.PostAsync("/sim/outage?seconds=soon", null, ct);

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var endsAt = JsonDocument.Parse(await started.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("endsAt").GetDateTimeOffset();
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), endsAt);
        Assert.Equal(HttpStatusCode.InternalServerError, down.StatusCode);
        Assert.True(stats.GetProperty("outageActive").GetBoolean());
        Assert.Equal(1, stats.GetProperty("outageRequests").GetInt64());
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
