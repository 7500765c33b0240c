using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;

namespace BatchAi.Daemon.IntegrationTests.Abuse;

/// <summary>Too much at once: one message far over the frame limit, and a flood of pipelined requests on one connection.</summary>
public sealed class VolumeAbuseTests : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;
    private AbuseScene _scene = null!;

    public async ValueTask InitializeAsync() => _scene = await AbuseScene.StartAsync(rows: 300, Timeouts.Token());

    public async ValueTask DisposeAsync() => await _scene.DisposeAsync();

    [Fact]
    public async Task HundredMegabyteMessage_ConnectionClosedWithoutBufferingIt()
    {
        var ct = Timeouts.Token();
        var pid = _scene.Daemon.Id;
        var residentBefore = ProcStatus.ResidentBytes(pid);
        var peakBefore = Math.Max(ProcStatus.PeakResidentBytes(pid), residentBefore);
        var (raw, id) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;

        // Keeps sending until the daemon hangs up; a daemon that buffered the body would take all 100 MB and never close.
        const long size = 100 * MiB;
        var sent = 0L;
        var reading = raw.ReadUntilClosedAsync(ct);
        try
        {
            await raw.Client.SendRawAsync(Encoding.ASCII.GetBytes($"Content-Length: {size}\r\n\r\n{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{{\"clientName\":\""), ct);
            var chunk = Encoding.ASCII.GetBytes(new string('a', (int)MiB));
            for (; sent < size; sent += chunk.Length)
            {
                await raw.Client.SendRawAsync(chunk, ct);
            }
        }
        catch (IOException)
        {
            // Broken pipe: the daemon closed the connection, as it should.
        }

        var responses = await reading;
        await _scene.WaitForDisconnectAsync(id, ct);
        await _scene.Daemon.WaitForStderrAsync($"frame of {size} bytes exceeds the limit", ct);
        Assert.True(sent < size, "the daemon read the whole 100 MB instead of closing the connection");
        if (responses.Count > 0)
        {
            Assert.Equal(ErrorCodes.InvalidRequest, Assert.Single(responses).GetProperty("error").GetProperty("code").GetInt32());
        }

        var residentAfter = ProcStatus.ResidentBytes(pid);
        var peakAfter = ProcStatus.PeakResidentBytes(pid);
        Assert.True(residentAfter - residentBefore < 30 * MiB, $"resident memory grew from {residentBefore / MiB} MiB to {residentAfter / MiB} MiB");
        Assert.True(peakAfter < peakBefore + 30 * MiB, $"peak resident memory went from {peakBefore / MiB} MiB to {peakAfter / MiB} MiB during the abuse");
        await _scene.AssertUnharmedAsync(ct);
    }

    [Fact]
    public async Task TenThousandPipelinedRequests_AllAnsweredInBoundedTime()
    {
        const int count = 10_000;
        var ct = Timeouts.Token();
        var (raw, _) = await _scene.ConnectRawAsync(ct);
        await using var connection = raw;

        // Written in one go without waiting for any answer: a mix of a pure request and one that reads the running job.
        var flood = new MemoryStream();
        for (var i = 1; i <= count; i++)
        {
            var json = i % 2 == 0
                ? $$$"""{"jsonrpc":"2.0","id":{{{i}}},"method":"getJob","params":{"jobId":"{{{_scene.JobId}}}"}}"""
                : $$$"""{"jsonrpc":"2.0","id":{{{i}}},"method":"initialize","params":{"clientName":"flood"}}""";
            flood.Write(Frames.Encode(json));
        }

        var clock = Stopwatch.StartNew();
        var sending = raw.Client.SendRawAsync(flood.ToArray(), ct);
        var answered = new HashSet<long>();
        while (answered.Count < count)
        {
            var response = await raw.Client.ReadResponseAsync(_ => true, ct);
            Assert.True(response.TryGetProperty("result", out _), $"expected a result, got {response}");
            Assert.True(answered.Add(response.GetProperty("id").GetInt64()), $"answered twice: {response}");
        }

        await sending;
        clock.Stop();
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), answered.Order());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{count} requests took {clock.Elapsed.TotalSeconds:F1} s");
        TestContext.Current.SendDiagnosticMessage($"{count} pipelined requests answered in {clock.Elapsed.TotalSeconds:F2} s");
        await _scene.AssertUnharmedAsync(ct);
    }
}
