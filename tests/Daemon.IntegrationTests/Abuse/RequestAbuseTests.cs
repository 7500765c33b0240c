using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;

namespace BatchAi.Daemon.IntegrationTests.Abuse;

/// <summary>
/// Well-framed requests that are wrong: methods that do not exist, parameters of the wrong type. Each gets a JSON-RPC error on
/// the real daemon's pipe while another client's job runs on.
/// </summary>
public sealed class RequestAbuseTests : IAsyncLifetime
{
    private AbuseScene _scene = null!;

    public async ValueTask InitializeAsync() => _scene = await AbuseScene.StartAsync(rows: 300, Timeouts.Token());

    public async ValueTask DisposeAsync() => await _scene.DisposeAsync();

    [Fact]
    public async Task UnknownMethods_MethodNotFoundEachAndNotificationsIgnored()
    {
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;

        foreach (var method in new[] { "noSuchMethod", "StartJob", "startjob", "rpc.discover", "$/cancelRequest2", "", "job/progress" })
        {
            // An unknown notification (no id) must get no reply at all; the request after it shows nothing was sent for it.
            await raw.Client.SendRawAsync(Frames.Encode(JsonSerializer.Serialize(new { jsonrpc = "2.0", method, @params = new { } })), ct);
            var response = await raw.Client.RequestAsync(method, new { }, ct);
            Assert.True(response.TryGetProperty("error", out var error), $"'{method}': expected an error, got {response}");
            Assert.True(ErrorCodes.MethodNotFound == error.GetProperty("code").GetInt32(), $"'{method}': {response}");
        }

        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task WrongParameterTypes_InvalidParamsNamingTheField()
    {
        var ct = Timeouts.Token();
        (string Method, string Params, string Field)[] cases =
        [
            (Methods.GetJob, """{"jobId":5}""", "jobId"),
            (Methods.GetJob, """{"jobId":{"id":"x"}}""", "jobId"),
            (Methods.PauseJob, """{"jobId":true}""", "jobId"),
            (Methods.ResumeJob, """{"jobId":"x","apiKey":7}""", "apiKey"),
            (Methods.SubscribeTokens, """{"jobId":"x","enabled":"yes"}""", "enabled"),
            (Methods.StartJob, """{"input":[]}""", "input"),
            (Methods.StartJob, """{"input":"q.csv","provider":"openai"}""", "provider"),
            (Methods.StartJob, """{"input":"q.csv","provider":{"baseUrl":"http://127.0.0.1:9/v1","model":"m"},"concurrency":"many"}""", "concurrency"),
            (Methods.StartJob, """{"input":"q.csv","provider":{"baseUrl":8080,"model":"m"}}""", "provider.baseUrl"),
            (Methods.ExportJob, """{"jobId":"x","format":["csv"]}""", "format"),
            (Methods.StartJob, """["q.csv"]""", "params"),
            (Methods.CancelJob, "{}", "jobId"),
        ];
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;
        foreach (var (method, parameters, field) in cases)
        {
            var error = await SendAsync(raw, method, parameters, ct);
            var what = $"{method} {parameters}: {error}";
            Assert.True(ErrorCodes.InvalidParams == error.GetProperty("code").GetInt32(), $"expected -32602 for {what}");
            Assert.True(error.TryGetProperty("data", out var data) && data.TryGetProperty("field", out var named) && named.GetString() == field, $"expected data.field '{field}' for {what}");

            // The serializer's exception and stack trace stay inside the daemon.
            Assert.False(data.TryGetProperty("stack", out _), what);
        }

        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task MissingParameterObject_InvalidParams()
    {
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;
        foreach (var (method, parameters) in new[] { (Methods.GetJob, "[]"), (Methods.ExportJob, "null"), (Methods.StartJob, "null"), (Methods.PauseJob, "{}") })
        {
            var error = await SendAsync(raw, method, parameters, ct);
            Assert.True(ErrorCodes.InvalidParams == error.GetProperty("code").GetInt32(), $"expected -32602 for {method} {parameters}: {error}");
        }

        await _scene.AssertUnharmedAsync(ct);
    }

    /// <summary>JSON-RPC 2.0: params, when present, MUST be an object or an array; anything else is not a valid Request.</summary>
    [Fact]
    public async Task ScalarParams_InvalidRequestWithTheRequestsId()
    {
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;
        foreach (var (method, parameters) in new[] { (Methods.StartJob, "\"q.csv\""), (Methods.GetJob, "42"), (Methods.ListJobs, "true") })
        {
            var error = await SendAsync(raw, method, parameters, ct);
            Assert.True(ErrorCodes.InvalidRequest == error.GetProperty("code").GetInt32(), $"expected -32600 for {method} {parameters}: {error}");
        }

        await _scene.AssertUnharmedAsync(ct);
    }

    private static async Task<JsonElement> SendAsync(RawPipe raw, string method, string parameters, CancellationToken ct)
    {
        await raw.Client.SendRawAsync(Frames.Encode($$"""{"jsonrpc":"2.0","id":1,"method":"{{method}}","params":{{parameters}}}"""), ct);
        var response = await raw.Client.ReadResponseAsync(_ => true, ct);
        Assert.Equal(1, response.GetProperty("id").GetInt32());
        Assert.True(response.TryGetProperty("error", out var error), $"{method} {parameters}: expected an error, got {response}");
        return error.Clone();
    }
}
