using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;

namespace BatchAi.Daemon.IntegrationTests.Abuse;

/// <summary>
/// Bytes no library would send, on the real daemon's pipe, while another client watches a running job: each costs a JSON-RPC
/// error or that connection alone, and the job, its watcher and new connections carry on.
/// </summary>
public sealed class FramingAbuseTests : IAsyncLifetime
{
    private AbuseScene _scene = null!;

    public async ValueTask InitializeAsync() => _scene = await AbuseScene.StartAsync(rows: 300, Timeouts.Token());

    public async ValueTask DisposeAsync() => await _scene.DisposeAsync();

    [Fact]
    public async Task MalformedFrames_EachGetsAnErrorAndTheConnectionGoesOn()
    {
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;

        (string Name, byte[] Bytes, int Code)[] cases =
        [
            ("body not JSON", Frame("{\"jsonrpc\":\"2.0\",\"id\":1,"), ErrorCodes.ParseError),
            ("body not UTF-8", Frame([0xC3, 0x28, 0xFF, 0xFE]), ErrorCodes.ParseError),
            ("a JSON array (batch)", Frame("[]"), ErrorCodes.InvalidRequest),
            ("no jsonrpc member", Frame("""{"id":2,"method":"initialize"}"""), ErrorCodes.InvalidRequest),
            ("a JSON number", Frame("42"), ErrorCodes.InvalidRequest),
            ("header line without a colon", "garbage\r\n\r\n"u8.ToArray(), ErrorCodes.ParseError),
            ("negative Content-Length", "Content-Length: -5\r\n\r\n"u8.ToArray(), ErrorCodes.ParseError),
            ("Content-Length not a number", "Content-Length: 0x10\r\n\r\n"u8.ToArray(), ErrorCodes.ParseError),
            ("a charset other than UTF-8", [.. "Content-Type: application/json; charset=utf-16\r\n"u8, .. Frame("{}")], ErrorCodes.ParseError),
        ];
        foreach (var (name, bytes, code) in cases)
        {
            await raw.Client.SendRawAsync(bytes, ct);
            var response = await raw.Client.ReadResponseAsync(_ => true, ct);
            Assert.True(response.TryGetProperty("error", out var error), $"{name}: expected an error, got {response}");
            Assert.True(code == error.GetProperty("code").GetInt32(), $"{name}: expected {code}, got {response}");

            // A header without a usable length leaves the body's extent unknown: the daemon skips to the next header, so each
            // of those cases is followed by a real request whose answer shows the connection is back in step.
            var init = await raw.Client.RequestAsync(Methods.Initialize, new { clientName = "abuser" }, ct);
            Assert.True(init.TryGetProperty("result", out _), $"{name}: the next request failed: {init}");
        }

        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task HeaderThatNeverEnds_ThatConnectionAloneIsClosed()
    {
        var ct = Timeouts.Token();
        var (raw, id) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;

        // 64 KiB with no blank line: far over the header limit.
        await raw.Client.SendRawAsync(Encoding.ASCII.GetBytes("X-Filler: " + new string('a', 64 * 1024)), ct);
        var responses = await raw.ReadUntilClosedAsync(ct);
        Assert.Equal(ErrorCodes.ParseError, Assert.Single(responses).GetProperty("error").GetProperty("code").GetInt32());
        await _scene.WaitForDisconnectAsync(id, ct);

        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task ContentLengthBiggerThanBody_ClientHangsUp_OnlyThatConnectionEnds()
    {
        var ct = Timeouts.Token();
        var (raw, id) = await _scene.ConnectRawAsync(ct);
        var body = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"""u8.ToArray();
        await raw.Client.SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length + 1000}\r\n\r\n"), .. body], ct);
        await raw.DisposeAsync();

        // "(58 of 1058 bytes)", or "(the peer reset the connection...)" when the bystander job's notifications were still
        // unread in the socket it closed: either way the end of this client's input, and of nobody else's.
        await _scene.Daemon.WaitForStderrAsync("Input ended inside a frame body (", ct);
        await _scene.WaitForDisconnectAsync(id, ct);
        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task ContentLengthSmallerThanBody_ErrorsForTheGarbageThenServedAgain()
    {
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;
        var body = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}""";

        // The frame claims 10 bytes: '{"jsonrpc"' is not JSON, and the rest of the body runs into the next frame's header.
        await raw.Client.SendRawAsync([.. "Content-Length: 10\r\n\r\n"u8, .. Encoding.UTF8.GetBytes(body)], ct);
        await raw.Client.SendRawAsync(Frames.Encode("""{"jsonrpc":"2.0","id":2,"method":"initialize","params":{}}"""), ct);

        // Two errors with id null (the 10 bytes, the garbage), then the next well-formed frame is answered, not lost with the garbage.
        for (var i = 0; i < 2; i++)
        {
            var error = await raw.Client.ReadResponseAsync(_ => true, ct);
            Assert.Equal(ErrorCodes.ParseError, error.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(JsonValueKind.Null, error.GetProperty("id").ValueKind);
        }

        var answered = await raw.Client.ReadResponseAsync(_ => true, ct);
        Assert.Equal(2, answered.GetProperty("id").GetInt32());
        Assert.True(answered.TryGetProperty("result", out _), $"expected the request after the garbage to be answered, got {answered}");
        await _scene.AssertUnharmedAsync(ct);
    }

    private static byte[] Frame(string body) => Frame(Encoding.UTF8.GetBytes(body));

    private static byte[] Frame(byte[] body) => [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
}
