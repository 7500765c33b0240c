using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// A bad request costs one clear error, never the connection or the daemon. Spoken at the byte level on the real stdin/stdout,
/// so the exact JSON of each error (code, message, data, id) is what is checked.
/// </summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private DaemonProcess _daemon = null!;
    private RawFrameClient _client = null!;

    private static object Provider => new { baseUrl = "http://127.0.0.1:9/v1", model = "m" };

    public ValueTask InitializeAsync()
    {
        _daemon = DaemonProcess.Start(_temp.Path, "serve", "--stdio", "--data-dir", _temp.Sub("data"));
        _client = new RawFrameClient(_daemon.StandardInput, _daemon.StandardOutput);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _daemon.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task StartJob_MissingFile_InputNotFoundNamingThePath()
    {
        var ct = Timeouts.Token();
        var missing = _temp.File("no-such-questions.csv");
        var error = Error(await _client.RequestAsync(Methods.StartJob, new { input = missing, provider = Provider }, ct));
        Assert.Equal(ErrorCodes.InputNotFound, error.GetProperty("code").GetInt32());
        Assert.Contains(missing, error.GetProperty("message").GetString());
        Assert.Equal(missing, error.GetProperty("data").GetProperty("file").GetString());
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task StartJob_UnsupportedExtension_UnsupportedFormatListingTheReadableOnes()
    {
        var ct = Timeouts.Token();
        var doc = _temp.File("questions.docx");
        await File.WriteAllTextAsync(doc, "not a dataset", ct);
        var error = Error(await _client.RequestAsync(Methods.StartJob, new { input = doc, provider = Provider }, ct));
        Assert.Equal(ErrorCodes.UnsupportedFormat, error.GetProperty("code").GetInt32());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains(".docx", message);
        Assert.Contains("csv", message);
        Assert.Contains("jsonl", message);
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task StartJob_NoProvider_InvalidParamsNamingTheField()
    {
        var ct = Timeouts.Token();
        var csv = Datasets.WriteCsv(_temp.File("q.csv"), ["one?"]);
        var error = Error(await _client.RequestAsync(Methods.StartJob, new { input = csv }, ct));
        Assert.Equal(ErrorCodes.InvalidParams, error.GetProperty("code").GetInt32());
        Assert.Equal("provider", error.GetProperty("data").GetProperty("field").GetString());
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task GetJob_UnknownId_JobNotFound()
    {
        var ct = Timeouts.Token();
        var error = Error(await _client.RequestAsync(Methods.GetJob, new { jobId = "no-such-job" }, ct));
        Assert.Equal(ErrorCodes.JobNotFound, error.GetProperty("code").GetInt32());
        Assert.Contains("no-such-job", error.GetProperty("message").GetString());
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task UnknownMethod_MethodNotFound()
    {
        var ct = Timeouts.Token();
        var error = Error(await _client.RequestAsync("noSuchMethod", new { }, ct));
        Assert.Equal(ErrorCodes.MethodNotFound, error.GetProperty("code").GetInt32());
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task MalformedFrame_ParseErrorWithNullIdThenTheNextRequestIsAnswered()
    {
        var ct = Timeouts.Token();
        var body = """{"a":1,"""u8.ToArray();
        await _client.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body], ct);
        var response = await _client.ReadResponseAsync(_ => true, ct);
        Assert.Equal(JsonValueKind.Null, response.GetProperty("id").ValueKind);
        Assert.Equal(ErrorCodes.ParseError, Error(response).GetProperty("code").GetInt32());
        await AssertStillServingAsync(ct);
    }

    [Fact]
    public async Task MalformedHeader_ParseErrorThenTheNextRequestIsAnswered()
    {
        var ct = Timeouts.Token();
        await _client.SendRawAsync("Content-Length: seven\r\n\r\n"u8.ToArray(), ct);
        var response = await _client.ReadResponseAsync(_ => true, ct);
        Assert.Equal(JsonValueKind.Null, response.GetProperty("id").ValueKind);
        Assert.Equal(ErrorCodes.ParseError, Error(response).GetProperty("code").GetInt32());
        await AssertStillServingAsync(ct);
    }

    private static JsonElement Error(JsonElement response)
    {
        Assert.False(response.TryGetProperty("result", out _), $"expected an error, got {response}");
        return response.GetProperty("error");
    }

    private async Task AssertStillServingAsync(CancellationToken ct)
    {
        var response = await _client.RequestAsync(Methods.Initialize, new { clientName = "e2e" }, ct);
        Assert.Equal(ProtocolInfo.Version, response.GetProperty("result").GetProperty("protocolVersion").GetInt32());
        Assert.False(_daemon.HasExited);
    }
}
