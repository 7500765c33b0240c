using System.Text;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>An API key lives in the daemon's memory only: never in the data directory, the log, an export or an error.</summary>
public sealed class SecretsTests
{
    private static readonly string[] Formats = ["jsonl", "json", "csv", "parquet"];

    [Fact]
    public async Task InlineKeys_AcceptedAndRefused_AppearNowhereOnDiskAndResumeAfterRestartAsksForTheKey()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        var exports = temp.Sub("exports");
        var key = "sk-batchai-test-" + Guid.NewGuid().ToString("N");
        var wrongKey = "sk-batchai-test-" + Guid.NewGuid().ToString("N");
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorOptions { RequiredApiKey = key, TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var questions = Datasets.Questions(20, "secrets");
        var refusedQuestions = Datasets.Questions(20, "secrets-refused");
        using var pipe = new PipeName();
        string goodJob, refusedJob;
        string firstLog;

        await using (var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, data, ct))
        await using (var client = await RpcClient.ConnectPipeAsync(pipe.Name, ct))
        {
            await client.InitializeAsync(ct);
            goodJob = await StartAsync(client, temp, "good", questions, key, simulator, ct);
            await client.Notifications.WaitForStateAsync(goodJob, JobState.Completed, ct);
            Datasets.AssertAllAnswered(temp.File("good.answers.jsonl"), questions);

            // The simulator refuses the wrong key with a 401 that echoes part of it; the job pauses, saying which endpoint refused.
            // Other questions: the same ones would be answered from the response cache without asking the provider at all.
            refusedJob = await StartAsync(client, temp, "refused", refusedQuestions, wrongKey, simulator, ct);
            var paused = await client.Notifications.WaitForStateAsync(refusedJob, JobState.Paused, ct);
            Assert.Contains(simulator.BaseUrl.ToString().TrimEnd('/'), paused.Message);
            var refused = await client.GetJobAsync(refusedJob, ct);
            Assert.Contains("401", refused.LastError);

            await ExportAllAsync(client, [goodJob, refusedJob], exports, "live", ct);

            // While the daemon runs, its -wal and -shm files and lock files are there to be searched too.
            // (Lock files held with an exclusive lock are read after shutdown.)
            AssertNowhere(key, wrongKey, FilesUnder(data).Concat(FilesUnder(exports)).Concat(PipeFiles(pipe)), daemon.Stderr, skipLocked: true);
            await client.CallAsync<object>(Methods.Shutdown, new { }, ct);
            Assert.Equal(0, await daemon.WaitForExitAsync(ct));
            firstLog = daemon.Stderr;
        }

        await using (var daemon = await PipeDaemon.StartAsync(temp.Path, pipe, data, ct))
        await using (var client = await RpcClient.ConnectPipeAsync(pipe.Name, ct))
        {
            await client.InitializeAsync(ct);

            // The key was never stored, so the restarted daemon cannot have it: the error names the job and says how to pass it.
            var missing = await Assert.ThrowsAsync<StreamJsonRpc.RemoteInvocationException>(
                () => client.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(refusedJob), ct));
            Assert.Equal(ErrorCodes.ProviderConfig, missing.ErrorCode);
            Assert.Contains(refusedJob, missing.Message);
            Assert.Contains("resumeJob { jobId, apiKey }", missing.Message);
            Assert.Equal(JobState.Paused, (await client.GetJobAsync(refusedJob, ct)).State);

            var resumed = await client.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(refusedJob, key), ct);
            Assert.Equal(JobState.Running, resumed.State);
            await client.Notifications.WaitForStateAsync(refusedJob, JobState.Completed, ct);
            Datasets.AssertAllAnswered(temp.File("refused.answers.jsonl"), refusedQuestions);

            await ExportAllAsync(client, [goodJob, refusedJob], exports, "restarted", ct);
            await client.CallAsync<object>(Methods.Shutdown, new { }, ct);
            Assert.Equal(0, await daemon.WaitForExitAsync(ct));

            var everything = FilesUnder(data).Concat(FilesUnder(exports)).Concat(PipeFiles(pipe))
                .Concat(Directory.GetFiles(temp.Path, "*.answers.jsonl")).ToList();
            Assert.Contains(everything, f => Path.GetFileName(f) == "ledger.db");
            Assert.Equal(2 * 2 * Formats.Length, Directory.GetFiles(exports).Length);
            AssertNowhere(key, wrongKey, everything, firstLog + "\n" + daemon.Stderr, skipLocked: false);
        }
    }

    private static async Task<string> StartAsync(RpcClient client, TempDirectory temp, string name, string[] questions, string key, SimulatorServer simulator, CancellationToken ct)
    {
        var input = Datasets.WriteCsv(temp.File(name + ".csv"), questions);
        var started = await client.CallAsync<StartJobResult>(
            Methods.StartJob,
            new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small", ApiKey: key), temp.File(name + ".answers.jsonl"), Concurrency: 4),
            ct);
        return started.JobId;
    }

    private static async Task ExportAllAsync(RpcClient client, string[] jobs, string folder, string tag, CancellationToken ct)
    {
        foreach (var job in jobs)
        {
            foreach (var format in Formats)
            {
                var result = await client.CallAsync<ExportJobResult>(
                    Methods.ExportJob, new ExportJobParams(job, Path.Combine(folder, $"{job}.{tag}.{format}"), format), ct);
                Assert.Equal(20, result.Rows);
            }
        }
    }

    private static IEnumerable<string> FilesUnder(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories);

    private static IEnumerable<string> PipeFiles(PipeName pipe) => new[] { pipe.SocketPath + ".lock" }.Where(File.Exists);

    /// <summary>Neither key, nor the part after "sk-", in any file (as UTF-8 or UTF-16) or in the log.</summary>
    private static void AssertNowhere(string key, string wrongKey, IEnumerable<string> files, string log, bool skipLocked)
    {
        var secrets = new[] { key, key["sk-".Length..], wrongKey, wrongKey["sk-".Length..] };
        var searched = 0;
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                // FileShare.ReadWrite: the live daemon holds the ledger open.
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            catch (IOException) when (skipLocked)
            {
                continue;
            }

            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} contains a key ({secret})");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"{file} contains a key as UTF-16 ({secret})");
            }

            searched++;
        }

        Assert.True(searched >= 3, $"only {searched} files were searched");
        Assert.NotEmpty(log);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, log);
        }
    }
}
