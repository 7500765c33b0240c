using System.ClientModel;
using System.Net;
using System.Text.Json;
using BatchAi.Simulator;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Chat;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorAccessTests
{
    [Fact(Timeout = 20_000)]
    public async Task ChatCompletions_OverRequestsPerMinute_429WithRateLimitHeadersUntilWindowPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider();
        var options = new SimulatorOptions { RequestsPerMinute = 2, TimeToFirstToken = TimeSpan.Zero, TimeProvider = clock };
        await using var server = await SimulatorServer.StartAsync(options, cancellationToken: ct);
        using var http = Raw(server);

        using var first = await PostChatAsync(http, ChatBody("rpm 1", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(20));
        using var second = await PostChatAsync(http, ChatBody("rpm 2", stream: false), ct);
        using var refused = await PostChatAsync(http, ChatBody("rpm 3", stream: false), ct);
        clock.Advance(TimeSpan.FromSeconds(40));
        using var afterWindow = await PostChatAsync(http, ChatBody("rpm 4", stream: false), ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            [first.StatusCode, second.StatusCode, refused.StatusCode, afterWindow.StatusCode]);
        Assert.Equal("2", Header(first, "x-ratelimit-limit-requests"));
        Assert.Equal("1", Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("0", Header(refused, "x-ratelimit-remaining-requests"));
        // The oldest request leaves the window 40 s after the refusal.
        Assert.Equal("40", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("40000", Header(refused, "retry-after-ms"));
        Assert.Equal("40s", Header(refused, "x-ratelimit-reset-requests"));
        Assert.Equal(1, server.Stats.RateLimitedRequests);
        Assert.Equal(0, server.Stats.FaultsInjected);
    }

    [Fact(Timeout = 20_000)]
    public async Task CompleteChatAsync_WrongApiKey_Throws401WithOpenAiErrorBody()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { RequiredApiKey = "sk-right-key-1234" }, cancellationToken: ct);

        var error = await Assert.ThrowsAsync<ClientResultException>(
            () => Sdk(server, apiKey: "sk-wrong-key-9999").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct));
        ChatCompletion allowed = await Sdk(server, apiKey: "sk-right-key-1234").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: ct);

        Assert.Equal(401, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("invalid_api_key", body.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
        Assert.DoesNotContain("sk-wrong-key-9999", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(SimulatorServer.AnswerFor("hi"), allowed.Content[0].Text);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
