using System.Diagnostics;
using System.Text.RegularExpressions;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Notifications;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>
/// generateQuestions at scale: a set of tens of thousands of questions from the simulator, with no latency, so what is
/// measured is the daemon's own work per batch (parsing, judging against the set, steering the next prompt, the ledger).
/// The time for each fifth of the set shows whether that work grows with the set: bounded per batch, the fifths cost
/// alike apart from the extra requests duplicates take as the model's pool runs down.
/// </summary>
internal static partial class GenerateBench
{
    public static async Task RunAsync(string work, int count)
    {
        const int batchSize = 20, concurrency = 4;
        // Three times the count, so the model has enough to give but repeats itself more as the set fills, as a real one does.
        var options = new SimulatorOptions { TimeToFirstToken = TimeSpan.Zero, GenerationPoolSize = count * 3, CountByQuestion = false };
        await using var sim = await SimulatorServer.StartAsync(options);
        await using var host = await DaemonHost.StartAsync(Path.Combine(work, "generate"), new DaemonSettings(), _ => { });
        var watcher = new Watcher(count);
        using var registration = host.Hub.Register(watcher);
        var peak = 0L;
        using var sampler = new Timer(_ => peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64), null, 0, 50);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        watcher.Requests = () => sim.Stats.TotalRequests;

        var started = await host.Jobs.GenerateAsync(
            new GenerateQuestionsParams("Questions engineers ask about running web services in production", count,
                new ProviderConfig(sim.BaseUrl.ToString(), "bench"), BatchSize: batchSize, Concurrency: concurrency, Output: Path.Combine(work, "set.jsonl")),
            CancellationToken.None);
        watcher.Watch(started.JobId);
        var end = await watcher.Completed.WaitAsync(TimeSpan.FromMinutes(30));
        var seconds = watcher.Clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var job = host.Jobs.Get(started.JobId);
        var tally = Tally().Match(end.Message ?? string.Empty);

        Console.WriteLine($"## generate: {count:N0} questions from the simulator (pool of {options.GenerationPoolSize:N0}), batches of {batchSize}, {concurrency} in flight, zero latency");
        Console.WriteLine("| questions | seconds | questions/s | requests | duplicates left out | near-duplicates left out | CPU ms per question | peak working set |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {job.Counts.Done:N0} | {seconds:0.0} | {job.Counts.Done / seconds:0} | {sim.Stats.TotalRequests:N0} | {Group(tally, "dup")} | {Group(tally, "near")} | {cpuSeconds * 1000 / Math.Max(1, job.Counts.Done):0.00} | {Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64) / (1024 * 1024)} MB |");
        Console.WriteLine();
        Console.WriteLine("| fifth of the set | seconds | requests | questions/s | ms per request |");
        Console.WriteLine("|---|---|---|---|---|");
        var previous = (Seconds: 0.0, Requests: 0L);
        for (var i = 0; i < watcher.Marks.Count; i++)
        {
            var (at, requests) = watcher.Marks[i];
            var span = at - previous.Seconds;
            Console.WriteLine($"| {i + 1} | {span:0.0} | {requests - previous.Requests:N0} | {count / 5 / span:0} | {span * 1000 / Math.Max(1, requests - previous.Requests):0.00} |");
            previous = (at, requests);
        }

        Console.WriteLine();
        if (job.State != JobState.Completed || job.Counts.Done != count)
        {
            Console.WriteLine($"(the job ended {job.State}: {end.Message})");
        }
    }

    private static string Group(Match tally, string name) => tally.Success ? long.Parse(tally.Groups[name].Value).ToString("N0") : "?";

    [GeneratedRegex(@"(?<dup>\d+) duplicates and (?<near>\d+) near-duplicates left out")]
    private static partial Regex Tally();

    /// <summary>Notes when each fifth of the set was accepted, and when the job ended.</summary>
    private sealed class Watcher(int count) : INotificationSink
    {
        private readonly TaskCompletionSource<JobStateChanged> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile string? _jobId;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public Func<long> Requests { get; set; } = () => 0;

        public List<(double Seconds, long Requests)> Marks { get; } = [];

        public Task<JobStateChanged> Completed => _completed.Task;

        public void Watch(string jobId) => _jobId = jobId;

        public void OnQuestionAccepted(JobQuestionAccepted question)
        {
            if ((question.Index + 1) % (count / 5) == 0)
            {
                lock (Marks)
                {
                    Marks.Add((Clock.Elapsed.TotalSeconds, Requests()));
                }
            }
        }

        public void OnStateChanged(JobStateChanged change)
        {
            // The job may end before Watch is called only if it ends at once; every bench job takes longer than that.
            if (change.JobId == _jobId && change.State is JobState.Completed or JobState.Failed or JobState.Cancelled or JobState.Paused)
            {
                _completed.TrySetResult(change);
            }
        }

        public void OnRowCompleted(JobRowCompleted row)
        {
        }

        public void OnProgress(JobProgress progress)
        {
        }

        public bool WantsTokens(string jobId) => false;

        public void OnToken(JobToken token)
        {
        }
    }
}
