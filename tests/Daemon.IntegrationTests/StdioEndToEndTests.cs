using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai serve --stdio</c> as an editor would spawn it.</summary>
public sealed class StdioEndToEndTests
{
    [Fact]
    public async Task ServeStdio_JobWithStreamedTokens_EveryRowAnsweredOnceInOrderAndStdoutCarriesOnlyFrames()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(10) }, cancellationToken: ct);
        var questions = Datasets.Questions(30, "stdio");
        var input = Datasets.WriteCsv(temp.File("questions.csv"), questions);
        var output = temp.File("answers.jsonl");

        await using var daemon = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", temp.Sub("data"));
        var stdout = new RecordingStream(daemon.StandardOutput);
        await using (var client = RpcClient.OverStreams(daemon.StandardInput, stdout))
        {
            var init = await client.InitializeAsync(ct);
            Assert.Equal(ProtocolInfo.Version, init.ProtocolVersion);
            Assert.Contains(Methods.StartJob, init.Capabilities.Methods);

            var started = await client.CallAsync<StartJobResult>(
                Methods.StartJob,
                new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: 4, StreamTokens: true),
                ct);
            Assert.Equal(output, started.Output);
            var n = client.Notifications;
            var completed = await n.WaitForStateAsync(started.JobId, JobState.Completed, ct);
            Assert.Equal(JobState.Running, completed.PreviousState);

            // Notifications: one rowCompleted per row, tokens that spell each answer before its rowCompleted, progress that ends at the total.
            var rows = n.Rows.Where(r => r.JobId == started.JobId).ToList();
            Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), rows.Select(r => r.Row).Order());
            Assert.All(rows, r =>
            {
                Assert.True(r.Succeeded, r.Error);
                Assert.Equal(SimulatorServer.AnswerFor(questions[r.Row]), r.Answer);
                Assert.Equal(1, r.Attempts);
                Assert.Equal(r.Answer, n.StreamedBeforeCompletion.GetValueOrDefault((started.JobId, r.Row)));
            });
            Assert.All(n.Tokens, t => Assert.Equal(started.JobId, t.JobId));
            Assert.NotEmpty(n.Progress);
            Assert.All(n.Progress, p => Assert.Equal(0, p.DroppedTokenMessages));
            Assert.Contains(n.States, s => s.JobId == started.JobId && s.State == JobState.Running);

            var info = await client.GetJobAsync(started.JobId, ct);
            Assert.Equal(JobState.Completed, info.State);
            Assert.Equal(new { Total = 30L, Done = 30L, Failed = 0L }, new { info.Counts.Total, info.Counts.Done, info.Counts.Failed });
        }

        // Closing stdin stops the daemon cleanly.
        Assert.Equal(0, await daemon.WaitForExitAsync(ct));
        Datasets.AssertAllAnswered(output, questions);
        Assert.Equal(30, questions.Sum(q => simulator.Stats.RequestsFor(q)));

        // Everything on stdout, re-read by an independent strict parser, is a JSON-RPC frame; the logs are on stderr.
        var frames = Frames.ParseAll(stdout.Recorded());
        Assert.Contains(frames, f => f.RootElement.TryGetProperty("method", out var m) && m.GetString() == Protocol.Notifications.JobToken);
        Assert.Contains("serving JSON-RPC on stdio", daemon.Stderr);
        Assert.Contains($"job ", daemon.Stderr);
    }
}
