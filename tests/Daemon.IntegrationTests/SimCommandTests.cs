using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai sim</c> as a user starts it: the executable, its flags, the server it prints.</summary>
public sealed class SimCommandTests
{
    [Fact]
    public async Task Sim_UnknownFaultKind_ExitsBadInputNamingIt()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();

        var result = await CliRun.RunAsync(temp.Path, ct, "sim", "--fault-kinds", "429,bogus");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bogus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sim_ProfileAndFlags_ServeThatProviderAndStartOutagesOverHttp()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var sim = DaemonProcess.Start(temp.Path, "sim", "--profile", "vllm", "--queue-capacity", "2", "--ttft-ms", "0", "--tokens-per-second", "0");
        using var stdout = new StreamReader(sim.StandardOutput);
        var baseUrl = new Uri((await stdout.ReadLineAsync(ct))!.TrimEnd('/') + "/");
        using var http = new HttpClient { BaseAddress = baseUrl };
        object Body(string cap) => new Dictionary<string, object>
        {
            ["model"] = "sim-small",
            ["messages"] = new[] { new { role = "user", content = "hello" } },
            [cap] = 3,
        };

        using var refused = await http.PostAsJsonAsync("chat/completions", Body("max_completion_tokens"), ct);
        using var capped = await http.PostAsJsonAsync("chat/completions", Body("max_tokens"), ct);
        using var outage = await http.PostAsync(new Uri(baseUrl, "/sim/outage?seconds=600"), null, ct);
        using var down = await http.PostAsJsonAsync("chat/completions", Body("max_tokens"), ct);
        var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUrl, "/sim/stats"), ct)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("unknown_parameter", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        var choice = JsonDocument.Parse(await capped.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.DoesNotContain(capped.Headers, h => h.Key.Contains("ratelimit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, outage.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, down.StatusCode);
        Assert.True(stats.GetProperty("outageActive").GetBoolean());
        Assert.Equal(1, stats.GetProperty("dialectRefusals").GetInt64());
    }
}
