using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using Microsoft.Data.Sqlite;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>
/// Which endpoint answered each row, through the real composition, the SDK and two simulators on 127.0.0.1: stored with the
/// row, in the output and <c>job/rowCompleted</c>, and the price its tokens are charged at.
/// </summary>
public sealed class ProvenanceTests
{
    private const string Cheap = "cheap-model";
    private const string Dear = "dear-model";

    // Per million tokens: the dear model costs 25 times the cheap one, so pricing every token at the dearer price shows.
    private const string Prices = """{"currency":"USD","models":{"cheap-model":{"input":1,"output":3},"dear-model":{"input":25,"output":75}}}""";

    private static readonly SimulatorOptions Quick = new() { TimeToFirstToken = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task Pool_TwoModels_EveryRowNamesTheModelItsServerSaw_CostIsEachAnswerAtItsModelsPrice()
    {
        await using var harness = await StartAsync(Quick);
        await using var dear = await SimulatorServer.StartAsync(Quick, cancellationToken: Timeouts.Token());
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, PriceTable.FileName), Prices);
        var (rpc, notes) = harness.Connect();
        const int rows = 80;
        var input = harness.WriteQuestions("q.csv", rows);
        const string key = "sk-provenance-secret-4f2a9c";

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, null, Concurrency: 8, Endpoints:
        [
            new EndpointConfig(harness.Simulator.BaseUrl.ToString(), Cheap, "cheap"),
            new EndpointConfig(dear.BaseUrl.ToString(), Dear, ApiKey: key),
        ]));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        // Each question was asked once, of one server: that server's model is the row's.
        var expected = Enumerable.Range(0, rows).Select(i => ModelThatSaw($"Question number {i}?", (harness.Simulator, Cheap), (dear, Dear))).ToList();
        Assert.Contains(Cheap, expected);
        Assert.Contains(Dear, expected);
        var lines = OutputLines(started.Output);
        Assert.Equal(expected, lines.Select(l => l.GetProperty("model").GetString()));
        Assert.Equal(expected, notes.Rows.Where(r => r.JobId == started.JobId).OrderBy(r => r.Row).Select(r => r.Model));

        // The ledger names the endpoint too: the given name, else the base URL's host and path; never the key.
        var endpoints = LedgerRows(harness, started.JobId).ToDictionary(r => r.Index, r => (r.Model, r.Endpoint));
        var dearLabel = $"127.0.0.1:{dear.BaseUrl.Port}/v1";
        Assert.All(Enumerable.Range(0, rows), i => Assert.Equal((expected[i], expected[i] == Cheap ? "cheap" : dearLabel), endpoints[i]));
        Assert.DoesNotContain(key, LedgerText(harness));

        // Each row's tokens at its own model's price, summed exactly: not every token at the dearer price.
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal("USD", job.Counts.Currency);
        Assert.Equal(PricedPerModel(lines), job.Counts.Cost);
        var upperBound = Math.Round(((job.Counts.PromptTokens * 25m) + (job.Counts.CompletionTokens * 75m)) / 1_000_000m, 6);
        Assert.True(job.Counts.Cost < upperBound, $"{job.Counts.Cost} is not below the upper bound {upperBound}");

        // A restarted daemon prices the job again from the ledger, to the same figure.
        await harness.RestartAsync();
        (rpc, _) = harness.Connect();
        Assert.Equal(job.Counts.Cost, (await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId))).Counts.Cost);
    }

    [Fact]
    public async Task Pool_FirstEndpointDown_RowsRetriedOntoTheOther_RecordTheModelThatFinallyAnswered()
    {
        await using var harness = await StartAsync(Quick, new DaemonSettings
        {
            Retry = FastRetries with { MaxRetries = 6 },
            PauseGrace = TimeSpan.FromSeconds(5),
            Pool = new PoolSettings { BreakerFailures = 3, BreakDuration = TimeSpan.FromMinutes(5) },
        });
        await using var down = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.Zero, FaultRate = 1, FaultKinds = [SimulatorFault.ServerError500],
        }, cancellationToken: Timeouts.Token());
        var (rpc, notes) = harness.Connect();
        const int rows = 30;
        var input = harness.WriteQuestions("q.csv", rows);

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, null, Concurrency: 4, Endpoints:
        [
            new EndpointConfig(down.BaseUrl.ToString(), "down-model", "down"),
            new EndpointConfig(harness.Simulator.BaseUrl.ToString(), "up-model", "up"),
        ]));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var lines = OutputLines(started.Output);
        Assert.All(lines, l => Assert.Equal("up-model", l.GetProperty("model").GetString()));
        Assert.All(notes.Rows.Where(r => r.JobId == started.JobId), r => Assert.Equal("up-model", r.Model));
        // The rows the broken endpoint saw first were answered on a later attempt, by the other one.
        var failedOver = lines.Where(l => down.Stats.RequestsFor(l.GetProperty("question").GetString()!) > 0).ToList();
        Assert.NotEmpty(failedOver);
        Assert.All(failedOver, l => Assert.Equal(down.Stats.RequestsFor(l.GetProperty("question").GetString()!) + 1, l.GetProperty("attempts").GetInt32()));
        Assert.All(LedgerRows(harness, started.JobId), r => Assert.Equal(("up-model", "up"), (r.Model, r.Endpoint)));
    }

    [Fact]
    public async Task Pool_CostBudget_ReachedAtTheExactPerModelCost_ResumedToTheEnd()
    {
        await using var harness = await StartAsync(Quick);
        await using var dear = await SimulatorServer.StartAsync(Quick, cancellationToken: Timeouts.Token());
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, PriceTable.FileName), Prices);
        var (rpc, notes) = harness.Connect();
        const int rows = 60;
        var input = harness.WriteQuestions("q.csv", rows);
        EndpointConfig[] pool = [new(harness.Simulator.BaseUrl.ToString(), Cheap, "cheap"), new(dear.BaseUrl.ToString(), Dear, "dear")];

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, null, Concurrency: 2, Endpoints: pool, Budget: new JobBudget(MaxCost: 0.02m)));
        var change = await notes.WaitForStateAsync(started.JobId, JobState.Paused, Timeouts.Token());
        var paused = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        var export = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, harness.Dir.File("paused.jsonl")));

        Assert.Contains("cost budget of 0.02 USD", change.Message);
        Assert.True(paused.BudgetReached);
        var answered = OutputLines(export.Output).Where(l => l.GetProperty("answer").ValueKind == JsonValueKind.String).ToList();
        Assert.InRange(answered.Count, 1, rows - 1);
        Assert.Equal(PricedPerModel(answered), paused.Counts.Cost);
        Assert.True(paused.Counts.Cost >= 0.02m);

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams(started.JobId, Budget: new JobBudget(MaxCost: 100m)));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var done = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        var lines = OutputLines(started.Output);
        Assert.Equal(rows, done.Counts.Done);
        Assert.Equal(rows, harness.Simulator.Stats.TotalRequests + dear.Stats.TotalRequests);
        Assert.Equal(PricedPerModel(lines), done.Counts.Cost);
    }

    [Fact]
    public async Task StartJob_CostBudgetOnAPoolPricedInTwoCurrencies_InvalidParamsNamingTheField()
    {
        await using var harness = await StartAsync();
        File.WriteAllText(Path.Combine(harness.Host.DataDirectory, PriceTable.FileName),
            """{"currency":"USD","models":{"cheap-model":{"input":1,"output":3},"doubao":{"input":0.8,"output":2,"currency":"CNY"}}}""");
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 3);
        EndpointConfig[] pool = [new(harness.Simulator.BaseUrl.ToString(), Cheap), new(harness.Simulator.BaseUrl.ToString(), "doubao")];

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, null, Endpoints: pool, Budget: new JobBudget(MaxCost: 1m))));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains("budget.maxCost", e.Message);
        Assert.Contains("different currencies", e.Message);
        Assert.Equal(0, harness.Simulator.Stats.TotalRequests);

        // A token budget needs no price: the pool runs, and its cost, having no one sum, is not given.
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, null, Endpoints: pool, Budget: new JobBudget(MaxTokens: 1_000_000)));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams(started.JobId));
        Assert.Equal(3, job.Counts.Done);
        Assert.Equal((null, null), (job.Counts.Cost, job.Counts.Currency));
    }

    [Fact]
    public async Task ResumeJob_FromAVersion7Ledger_OldRowsNamedByTheJobsModel_CostOverEveryRow()
    {
        using var dir = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(Quick, cancellationToken: Timeouts.Token());
        const int rows = 10, answeredBefore = 4;
        var questions = Enumerable.Range(0, rows).Select(i => $"Question number {i}?").ToList();
        var input = dir.WriteText("q.csv", "question\n" + string.Join('\n', questions) + "\n");
        var output = dir.File("q.answers.jsonl");
        var data = Path.Combine(dir.Path, "data");
        var spec = new JobSpec(input, output, "jsonl", simulator.BaseUrl.ToString(), Cheap, null, false, null, null, null, null, 2, null);
        LedgerV7.Create(data, $"""
            INSERT INTO jobs (id, state, input, output, format, model, base_url, spec, columns, total, total_known, created_at)
                VALUES ('old', 'paused', {LedgerV7.Quote(input)}, {LedgerV7.Quote(output)}, 'jsonl', '{Cheap}', {LedgerV7.Quote(spec.BaseUrl)},
                        {LedgerV7.Quote(JsonSerializer.Serialize(spec))}, '["question"]', {rows}, 1, '2026-11-24T00:00:00Z');
            {string.Join('\n', questions.Select((q, i) => i < answeredBefore
                ? $"INSERT INTO rows (job_id, idx, question, source, state, attempts, answer, prompt_tokens, completion_tokens, finish_reason) VALUES ('old', {i}, '{q}', '[\"{q}\"]', 2, 1, 'an old answer', 1000, 2000, 'stop');"
                : $"INSERT INTO rows (job_id, idx, question, source, state) VALUES ('old', {i}, '{q}', '[\"{q}\"]', 0);"))}
            """);
        File.WriteAllText(Path.Combine(data, PriceTable.FileName), Prices);
        await using var harness = await StartAsync(Quick, dataDirectory: data);
        var (rpc, notes) = harness.Connect();

        await CallAsync<JobInfo>(rpc, Methods.ResumeJob, new ResumeJobParams("old"));
        await notes.WaitForStateAsync("old", JobState.Completed, Timeouts.Token());

        var lines = OutputLines(output);
        Assert.Equal(rows, lines.Count);
        Assert.All(lines, l => Assert.Equal(Cheap, l.GetProperty("model").GetString()));
        Assert.Equal(["an old answer", "an old answer", "an old answer", "an old answer"], lines.Take(answeredBefore).Select(l => l.GetProperty("answer").GetString()));
        Assert.Equal(rows - answeredBefore, simulator.Stats.TotalRequests);
        var stored = LedgerRows(harness, "old");
        Assert.All(stored.Where(r => r.Index < answeredBefore), r => Assert.Equal((null, null), (r.Model, r.Endpoint)));
        Assert.All(stored.Where(r => r.Index >= answeredBefore), r => Assert.Equal((Cheap, $"127.0.0.1:{simulator.BaseUrl.Port}/v1"), (r.Model, r.Endpoint)));
        var job = await CallAsync<JobInfo>(rpc, Methods.GetJob, new JobIdParams("old"));
        Assert.Equal(PricedPerModel(lines), job.Counts.Cost);
    }

    /// <summary>The model of the one server that was asked <paramref name="question"/>, and asked it once.</summary>
    private static string ModelThatSaw(string question, params (SimulatorServer Server, string Model)[] servers)
    {
        var asked = servers.Where(s => s.Server.Stats.RequestsFor(question) > 0).ToList();
        var one = Assert.Single(asked);
        Assert.Equal(1, one.Server.Stats.RequestsFor(question));
        return one.Model;
    }

    /// <summary>What the rows cost at <see cref="Prices"/>, each at its own model's price, summed exactly and rounded once.</summary>
    private static decimal PricedPerModel(IEnumerable<JsonElement> lines)
    {
        var total = 0m;
        foreach (var line in lines.Where(l => l.GetProperty("model").ValueKind == JsonValueKind.String))
        {
            var (input, output) = line.GetProperty("model").GetString() == Dear ? (25m, 75m) : (1m, 3m);
            total += (line.GetProperty("promptTokens").GetInt64() * input) + (line.GetProperty("completionTokens").GetInt64() * output);
        }

        return Math.Round(total / 1_000_000m, 6);
    }

    private static List<JsonElement> OutputLines(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>The provenance columns as stored, read beside the daemon (WAL lets a reader in).</summary>
    private static List<(long Index, string? Model, string? Endpoint)> LedgerRows(DaemonHarness harness, string jobId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(harness.Host.DataDirectory, JobLedger.FileName)};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, model, endpoint FROM rows WHERE job_id = $id ORDER BY idx";
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string?, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>Every byte of the ledger and its write-ahead log, as text, to look for what must never be stored.</summary>
    private static string LedgerText(DaemonHarness harness)
    {
        var path = Path.Combine(harness.Host.DataDirectory, JobLedger.FileName);
        return string.Concat(new[] { path, path + "-wal" }.Where(File.Exists).Select(p =>
        {
            using var stream = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            return reader.ReadToEnd();
        }));
    }
}
