using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>Creates or upgrades the ledger's tables. The version lives in <c>PRAGMA user_version</c>.</summary>
internal static class LedgerSchema
{
    public const int Version = 12;

    private const string CreateV1 = """
        CREATE TABLE IF NOT EXISTS jobs (
            id           TEXT PRIMARY KEY,
            state        TEXT NOT NULL,
            input        TEXT NOT NULL,
            output       TEXT NOT NULL,
            format       TEXT NOT NULL,
            model        TEXT NOT NULL,
            base_url     TEXT NOT NULL,
            spec         TEXT NOT NULL,
            columns      TEXT,
            total        INTEGER NOT NULL DEFAULT 0,
            total_known  INTEGER NOT NULL DEFAULT 0,
            created_at   TEXT NOT NULL,
            finished_at  TEXT,
            last_error   TEXT
        );
        CREATE TABLE IF NOT EXISTS rows (
            job_id            TEXT NOT NULL,
            idx               INTEGER NOT NULL,
            question          TEXT NOT NULL,
            source            TEXT,
            state             INTEGER NOT NULL,
            attempts          INTEGER NOT NULL DEFAULT 0,
            answer            TEXT,
            reasoning         TEXT,
            prompt_tokens     INTEGER,
            completion_tokens INTEGER,
            finish_reason     TEXT,
            error             TEXT,
            started_at        TEXT,
            finished_at       TEXT,
            latency_ms        INTEGER,
            PRIMARY KEY (job_id, idx)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS rows_by_state ON rows (job_id, state, idx);
        """;

    // Version 2: each row's request fingerprint, whether its answer came from the cache, and the cache itself.
    private const string UpgradeToV2 = """
        ALTER TABLE rows ADD COLUMN fingerprint TEXT;
        ALTER TABLE rows ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS responses (
            fingerprint       TEXT PRIMARY KEY,
            answer            TEXT NOT NULL,
            reasoning         TEXT,
            prompt_tokens     INTEGER,
            completion_tokens INTEGER,
            finish_reason     TEXT,
            model             TEXT,
            created_at        TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    // Version 3: profiles, named endpoint pools, stored without keys (only the variables that hold them).
    private const string UpgradeToV3 = """
        CREATE TABLE IF NOT EXISTS profiles (
            name        TEXT PRIMARY KEY,
            body        TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        """;

    // Version 4: what cleaning did over a job's rows (Prompting/CleaningCounts as JSON), for getJob.
    private const string UpgradeToV4 = """
        ALTER TABLE jobs ADD COLUMN cleaning TEXT;
        """;

    // Version 5: the digest of each row's cleaned prompt (on the first row with that prompt only), so that ingest
    // finds "duplicate of row N" by a lookup instead of holding a digest per row in memory. Not unique: INSERT OR
    // IGNORE would drop a row silently on a unique conflict, and losing a row is worse than a duplicate sent twice.
    private const string UpgradeToV5 = """
        ALTER TABLE rows ADD COLUMN digest BLOB;
        CREATE INDEX IF NOT EXISTS rows_by_digest ON rows (job_id, digest) WHERE digest IS NOT NULL;
        """;

    // Version 6: each request of a generate job (its questions are rows, done, in order of acceptance): what it offered and
    // what became of it, and its tokens, so a resumed job counts its spending and its bound on requests across runs.
    private const string UpgradeToV6 = """
        CREATE TABLE IF NOT EXISTS generation_requests (
            job_id            TEXT NOT NULL,
            seq               INTEGER NOT NULL,
            offered           INTEGER NOT NULL,
            accepted          INTEGER NOT NULL,
            duplicates        INTEGER NOT NULL,
            near_duplicates   INTEGER NOT NULL,
            prompt_tokens     INTEGER,
            completion_tokens INTEGER,
            error             TEXT,
            finished_at       TEXT NOT NULL,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        """;

    // Version 7: prompt digests move out of the ledger to a file per ingest (PromptDigests): their random index pages
    // went through the one writer and slowed every answer's commit while a large file was read in. Older rows keep their
    // digest column (dropping it would rewrite every row); nothing reads it any more.
    private const string UpgradeToV7 = """
        DROP INDEX IF EXISTS rows_by_digest;
        """;

    // Version 8: which model and endpoint answered each row (provenance, and the price its tokens are charged at), and the
    // endpoint that answered each cached response. Rows answered before stay NULL: a job with one model reads them as that
    // model's. From this version on a response's model is the model that answered it; before, it was the job's first model,
    // which for a pool may not be, so a cached response is trusted for provenance only once it names its endpoint.
    private const string UpgradeToV8 = """
        ALTER TABLE rows ADD COLUMN model TEXT;
        ALTER TABLE rows ADD COLUMN endpoint TEXT;
        ALTER TABLE responses ADD COLUMN endpoint TEXT;
        """;

    // Version 9: whether a row's question holds a conversation (OpenAI messages JSON, images by reference) rather than a
    // question. A flag per row, not per job: in a file with an image column, rows without an image stay plain questions,
    // and keep the fingerprints (and cached answers) they always had.
    private const string UpgradeToV9 = """
        ALTER TABLE rows ADD COLUMN conversation INTEGER NOT NULL DEFAULT 0;
        """;

    // Version 10: how many assistant turns of a multi-turn row (a job's `turns`) are stored. Each turn is checkpointed: the
    // row's question grows by its turns, its tokens are the turns' sum so far, and a resumed row goes on at its next turn
    // instead of asking the finished ones again. 0 for every row before (a one-turn row never counts).
    private const string UpgradeToV10 = """
        ALTER TABLE rows ADD COLUMN turns_done INTEGER NOT NULL DEFAULT 0;
        """;

    // Version 11: batch mode. A request file of a job and the provider's batch made of it, one row each (one batch per
    // file, never two), recorded before each step moves on: written (its rows submitted with it), uploaded (file_id),
    // created (batch_id), the batch's own states as polled, and folded. A submitted row (state 5) names the file's seq, so
    // a result line folds only into a row still in that batch, and a restarted daemon finds where each file was.
    private const string UpgradeToV11 = """
        CREATE TABLE IF NOT EXISTS batch_files (
            job_id          TEXT NOT NULL,
            seq             INTEGER NOT NULL,
            path            TEXT NOT NULL,
            lines           INTEGER NOT NULL,
            bytes           INTEGER NOT NULL,
            first_row       INTEGER NOT NULL,
            last_row        INTEGER NOT NULL,
            state           TEXT NOT NULL,
            file_id         TEXT,
            batch_id        TEXT,
            output_file_id  TEXT,
            error_file_id   TEXT,
            completed       INTEGER NOT NULL DEFAULT 0,
            failed          INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        ALTER TABLE rows ADD COLUMN batch INTEGER;
        """;

    // Version 12: several answers per row (a job's samples and models) and the judge's score of each. A row of such a job (or
    // of a judged job) has one record per slot: models in the order given, each model's samples in turn. The row's own
    // answer columns hold slot 0's, so every reader that wants one answer reads it as before; the row is done once every
    // slot is answered (and judged). Each slot's request has its own fingerprint (the sample's number is part of it), so the
    // cache never hands one answer to two samples. Plain jobs write nothing here.
    private const string UpgradeToV12 = """
        CREATE TABLE IF NOT EXISTS answers (
            job_id                  TEXT NOT NULL,
            idx                     INTEGER NOT NULL,
            slot                    INTEGER NOT NULL,
            model                   TEXT NOT NULL,
            sample                  INTEGER NOT NULL,
            state                   INTEGER NOT NULL,
            answer                  TEXT,
            reasoning               TEXT,
            prompt_tokens           INTEGER,
            completion_tokens       INTEGER,
            finish_reason           TEXT,
            error                   TEXT,
            endpoint                TEXT,
            fingerprint             TEXT,
            cached                  INTEGER NOT NULL DEFAULT 0,
            finished_at             TEXT,
            score                   REAL,
            score_reason            TEXT,
            judge_prompt_tokens     INTEGER,
            judge_completion_tokens INTEGER,
            judged_at               TEXT,
            PRIMARY KEY (job_id, idx, slot)
        ) WITHOUT ROWID;
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new InvalidOperationException(
                $"The ledger {connection.DataSource} was written by a newer batchai (schema {version}, this one knows {Version}). Use that version, or another --data-dir.");
        }

        // Each step runs in one transaction with its version bump, so a crash mid-upgrade leaves the old version whole.
        Step(connection, version, 1, CreateV1);
        Step(connection, version, 2, UpgradeToV2);
        Step(connection, version, 3, UpgradeToV3);
        Step(connection, version, 4, UpgradeToV4);
        Step(connection, version, 5, UpgradeToV5);
        Step(connection, version, 6, UpgradeToV6);
        Step(connection, version, 7, UpgradeToV7);
        Step(connection, version, 8, UpgradeToV8);
        Step(connection, version, 9, UpgradeToV9);
        Step(connection, version, 10, UpgradeToV10);
        Step(connection, version, 11, UpgradeToV11);
        Step(connection, version, 12, UpgradeToV12);
    }

    private static void Step(SqliteConnection connection, int current, int target, string sql)
    {
        if (current >= target)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql + $"PRAGMA user_version = {target};";
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
