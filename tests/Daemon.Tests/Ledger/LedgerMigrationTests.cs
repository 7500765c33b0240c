using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Scheduling;
using BatchAi.Daemon.Tests.TestSupport;
using static BatchAi.Daemon.Tests.TestSupport.LedgerV7;

namespace BatchAi.Daemon.Tests.Ledger;

/// <summary>
/// A ledger written at schema 7 (no record of who answered a row) is upgraded in place through every step to the current
/// one and reads as it did; one at schema 10 (multi-turn rows, before batch files) takes schema 11 alone.
/// </summary>
public sealed class LedgerMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_Version7Ledger_UpgradedInPlace_OldAnswersKeepNullAndASoleModelJobNamesThem()
    {
        var path = Create(_dir.Path, $"""
            INSERT INTO jobs (id, state, input, output, format, model, base_url, spec, columns, total, total_known, created_at)
                VALUES ('solo', 'paused', '/in.csv', '/out.jsonl', 'jsonl', 'gpt-4o-mini', 'https://api.openai.com/v1', {Quote(Spec("gpt-4o-mini"))}, '["question"]', 4, 1, '2026-11-24T00:00:00Z'),
                       ('pool', 'completed', '/in.csv', '/pool.jsonl', 'jsonl', 'cheap', 'http://a/v1', {Quote(Spec("cheap", "dear"))}, '["question"]', 1, 1, '2026-11-24T00:00:00Z');
            INSERT INTO rows (job_id, idx, question, source, state, attempts, answer, prompt_tokens, completion_tokens, finish_reason, error, fingerprint, cached) VALUES
                ('solo', 0, 'q0', '["q0"]', 2, 1, 'a0', 10, 20, 'stop', NULL, 'f0', 0),
                ('solo', 1, 'q1', '["q1"]', 2, 0, 'a1', 7, 9, 'stop', NULL, 'f1', 1),
                ('solo', 2, 'q2', '["q2"]', 3, 5, NULL, NULL, NULL, NULL, 'row 2: HTTP 500', 'f2', 0),
                ('solo', 3, 'q3', '["q3"]', 0, 0, NULL, NULL, NULL, NULL, NULL, 'f3', 0),
                ('pool', 0, 'q0', '["q0"]', 2, 1, 'p0', 3, 4, 'stop', NULL, 'g0', 0);
            INSERT INTO responses (fingerprint, answer, prompt_tokens, completion_tokens, finish_reason, model, created_at)
                VALUES ('g0', 'p0', 3, 4, 'stop', 'cheap', '2026-11-24T00:00:00Z');
            """);

        await using var ledger = JobLedger.Open(_dir.Path, _ => { });

        Assert.Equal(LedgerSchema.Version, Version(path));
        Assert.Equal(12, LedgerSchema.Version);
        var solo = SpecOf(ledger, "solo");
        var pool = SpecOf(ledger, "pool");
        Assert.Equal(("gpt-4o-mini", (string?)null), (solo.SoleModel(), pool.SoleModel()));

        // Answers from before the upgrade: a one-model job's are that model's (the cached one too), a pool's are nobody's.
        var rows = await ledger.Reader.ReadForExportAsync("solo", Timeouts.Token(), solo.SoleModel()).ToListAsync(Timeouts.Token());
        Assert.Equal(["gpt-4o-mini", "gpt-4o-mini", null, null], rows.Select(r => r.Model));
        Assert.Equal(["a0", "a1", null, null], rows.Select(r => r.Answer));
        // Schema 9: rows from before conversations existed are plain questions.
        Assert.All(rows, r => Assert.False(r.Conversation));
        // Schema 11: no row is in a batch, and the job has no batch files.
        Assert.Equal(0L, ledger.Reader.Count("solo").Submitted);
        Assert.Empty(new BatchLedger(ledger).Read("solo"));
        var pooled = Assert.Single(await ledger.Reader.ReadForExportAsync("pool", Timeouts.Token(), pool.SoleModel()).ToListAsync(Timeouts.Token()));
        Assert.Null(pooled.Model);
        // The cached answer's stored model was the pool's first, not necessarily the one that wrote it: not taken as provenance.
        var hit = ledger.Reader.LookupResponses(["g0"])["g0"];
        Assert.Equal(("p0", (string?)null, (string?)null), (hit.Answer, hit.Model, hit.Endpoint));

        var counts = ledger.Reader.Count("solo", byModel: true);
        Assert.Equal((2L, 1L, 1L, 1L), (counts.Done, counts.Failed, counts.Pending, counts.Cached));
        Assert.Equal((10L, 20L), (counts.SpentPromptTokens, counts.SpentCompletionTokens));
        Assert.Equal([new ModelSpend(null, 10, 20)], counts.SpentByModel);

        // Schema 10: no row of an older ledger has turns stored; the pending one is sent from its first turn.
        using (var connection = ledger.Reader.Open())
        {
            var pending = Assert.Single(LedgerReader.NextPending(connection, "solo", -1, 10));
            Assert.Equal((3L, 0, (int?)null, false), (pending.Index, pending.TurnsDone, pending.PromptTokens, pending.Cached));
        }

        // A row answered after the upgrade records who answered it, beside the old ones.
        await ledger.CompleteAsync(new RowResult("solo", 3, RowState.Done, 1, "a3", null, 5, 6, "stop", null, DateTimeOffset.UtcNow, 1,
            "gpt-4o-mini", "api.openai.com/v1"), remember: true);
        counts = ledger.Reader.Count("solo", byModel: true);
        Assert.Equal([new ModelSpend(null, 10, 20), new ModelSpend("gpt-4o-mini", 5, 6)], counts.SpentByModel!.OrderBy(s => s.Model));
        var remembered = ledger.Reader.LookupResponses(["f3"])["f3"];
        Assert.Equal(("gpt-4o-mini", "api.openai.com/v1"), (remembered.Model, remembered.Endpoint));
    }

    [Fact]
    public async Task Open_Version10Ledger_UpgradedTo11_KeepsItsTurnsAndHasNoBatches()
    {
        // Schema 10 as the daemon before batch files left it: 7, then 8's provenance, 9's conversation flag, 10's turns.
        var path = Create(_dir.Path, $$"""
            ALTER TABLE rows ADD COLUMN model TEXT;
            ALTER TABLE rows ADD COLUMN endpoint TEXT;
            ALTER TABLE responses ADD COLUMN endpoint TEXT;
            ALTER TABLE rows ADD COLUMN conversation INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE rows ADD COLUMN turns_done INTEGER NOT NULL DEFAULT 0;
            PRAGMA user_version = 10;
            INSERT INTO jobs (id, state, input, output, format, model, base_url, spec, columns, total, total_known, created_at)
                VALUES ('solo', 'paused', '/in.csv', '/out.jsonl', 'jsonl', 'gpt-4o-mini', 'https://api.openai.com/v1', {{Quote(Spec("gpt-4o-mini"))}}, '["question"]', 2, 1, '2026-11-24T00:00:00Z');
            INSERT INTO rows (job_id, idx, question, source, state, attempts, answer, prompt_tokens, completion_tokens, finish_reason, error, fingerprint, cached, model, endpoint, conversation, turns_done) VALUES
                ('solo', 0, 'q0', '["q0"]', 2, 1, 'a0', 10, 20, 'stop', NULL, 'f0', 0, 'gpt-4o-mini', 'api.openai.com/v1', 0, 0),
                ('solo', 1, '[{"role":"user","content":"q1"}]', '["q1"]', 0, 2, NULL, 30, 40, NULL, NULL, 'f1', 0, NULL, NULL, 1, 2);
            """);
        Assert.Equal(10, Version(path));

        await using var ledger = JobLedger.Open(_dir.Path, _ => { });

        Assert.Equal(12, Version(path));
        // Schema 10's checkpointed turns survive: the pending row goes on at its third turn with the tokens so far.
        using (var connection = ledger.Reader.Open())
        {
            var pending = Assert.Single(LedgerReader.NextPending(connection, "solo", -1, 10));
            Assert.Equal((1L, 2, (int?)30), (pending.Index, pending.TurnsDone, pending.PromptTokens));
        }

        // Schema 11: no row is in a batch, and the job has no batch files.
        var counts = ledger.Reader.Count("solo");
        Assert.Equal((1L, 1L, 0L), (counts.Done, counts.Pending, counts.Submitted));
        Assert.Empty(new BatchLedger(ledger).Read("solo"));
        // Schema 12: the answers table exists and holds nothing for a job from before it.
        using (var connection = ledger.Reader.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM answers WHERE job_id = 'solo';";
            Assert.Equal(0L, Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Open_UpgradedLedgerOpenedAgain_StaysAtTheCurrentVersion()
    {
        var path = Create(_dir.Path, "");
        await using (JobLedger.Open(_dir.Path, _ => { }))
        {
        }

        await using var again = JobLedger.Open(_dir.Path, _ => { });

        Assert.Equal(LedgerSchema.Version, Version(path));
        Assert.Empty(again.Reader.ListJobs());
    }

    private static JobSpec SpecOf(JobLedger ledger, string jobId) => JsonSerializer.Deserialize<JobSpec>(ledger.Reader.GetJob(jobId)!.Spec)!;

    /// <summary>A job's settings as a schema 7 daemon stored them (the spec's JSON did not change with schema 8).</summary>
    private static string Spec(params string[] models) => JsonSerializer.Serialize(new JobSpec("/in.csv", "/out.jsonl", "jsonl",
        "http://a/v1", models[0], null, false, null, null, null, null, 8, null,
        models.Select((m, i) => new EndpointSpec($"endpoint{i + 1}", $"http://{(char)('a' + i)}/v1", m, null, false)).ToList()));
}
