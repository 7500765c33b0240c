using System.Runtime.InteropServices;
using BatchAi.Daemon.Cleaning;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// One job's prompt digests while its input is read in: digest → first row with that prompt, in a SQLite file of its own
/// (<c>digests/JOB.db</c> beside the ledger), written by the ingest itself and deleted when the whole input is in.
/// <para>
/// Why not in the ledger: digests are random keys, so each batch of rows dirties about one index page per row. In the
/// ledger those pages went through the one writer, its WAL and its checkpoints, and the answers' commits waited behind
/// them (half the rows answered while a million-row file was read in). Here they cost the ingest alone: no journal, no
/// sync, no other writer.
/// </para>
/// <para>
/// It is a cache, never trusted: a hit is checked against the row's stored prompt in the ledger, so a file torn by a crash
/// can only miss a duplicate (one row sent twice), never skip a row that is not one. A file that cannot be opened is
/// started afresh; a resumed ingest hands it the digests of the rows it reads again.
/// </para>
/// </summary>
internal sealed class PromptDigests : IPromptDigestStore, IDisposable
{
    public const string Folder = "digests";

    private readonly string _path;
    private readonly Action<string> _log;
    private readonly SqliteConnection _ledger;
    private readonly SqliteCommand _question;
    private readonly SqliteParameter _questionIndex;
    private SqliteConnection? _connection;
    private SqliteCommand? _lookup;
    private SqliteParameter? _lookupDigest;

    public PromptDigests(LedgerReader reader, string ledgerPath, string jobId, Action<string> log)
    {
        _path = PathFor(ledgerPath, jobId);
        _log = log;
        _ledger = reader.Open();
        _question = _ledger.CreateCommand();
        _question.CommandText = "SELECT question FROM rows WHERE job_id = $job AND idx = $idx";
        _question.Parameters.AddWithValue("$job", jobId);
        _questionIndex = _question.Parameters.Add("$idx", SqliteType.Integer);
        _question.Prepare();
        Open();
    }

    public static string PathFor(string ledgerPath, string jobId) => Path.Combine(Path.GetDirectoryName(ledgerPath)!, Folder, jobId + ".db");

    /// <summary>Deletes a job's digests once its whole input is in the ledger: nothing reads them after that.</summary>
    public static void Delete(string ledgerPath, string jobId) => DeleteFile(PathFor(ledgerPath, jobId));

    /// <summary>Deletes every job's digests except <paramref name="keep"/>'s; returns how many files went.</summary>
    public static int DeleteAllBut(string ledgerPath, IReadOnlySet<string> keep)
    {
        var folder = Path.Combine(Path.GetDirectoryName(ledgerPath)!, Folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.db"))
        {
            if (!keep.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                DeleteFile(file);
                deleted += File.Exists(file) ? 0 : 1;
            }
        }

        return deleted;
    }

    public long? FirstWith(ReadOnlySpan<byte> digest, string prompt)
    {
        if (_lookup is null)
        {
            return null;
        }

        long index;
        try
        {
            _lookupDigest!.Value = digest.ToArray();
            if (_lookup.ExecuteScalar() is not long found)
            {
                return null;
            }
            index = found;
        }
        catch (SqliteException e)
        {
            Broken(e);
            return null;
        }

        _questionIndex.Value = index;
        return _question.ExecuteScalar() is string stored && string.Equals(stored, prompt, StringComparison.Ordinal) ? index : null;
    }

    public void Add(IEnumerable<KeyValuePair<UInt128, long>> firstRows)
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO digests (digest, idx) VALUES ($digest, $idx)";
            var digest = insert.Parameters.Add("$digest", SqliteType.Blob);
            var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
            var bytes = new byte[16];
            foreach (var (key, index) in firstRows)
            {
                MemoryMarshal.Write(bytes, key);
                digest.Value = bytes;
                idx.Value = index;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            Broken(e);
        }
    }

    public void Dispose()
    {
        CloseDigests();
        _question.Dispose();
        _ledger.Dispose();
    }

    private void Open()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
                _connection.Open();
                using (var setup = _connection.CreateCommand())
                {
                    // A cache only this ingest uses: no journal, no sync, a page cache for the hot part of the index.
                    setup.CommandText = """
                        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -8000;
                        CREATE TABLE IF NOT EXISTS digests (digest BLOB PRIMARY KEY, idx INTEGER NOT NULL) WITHOUT ROWID;
                        """;
                    setup.ExecuteNonQuery();
                }
                _lookup = _connection.CreateCommand();
                _lookup.CommandText = "SELECT idx FROM digests WHERE digest = $digest";
                _lookupDigest = _lookup.Parameters.Add("$digest", SqliteType.Blob);
                _lookup.Prepare();
                return;
            }
            catch (SqliteException e) when (attempt == 0)
            {
                // Torn by a crash, or not a database at all: it is only a cache, start it again.
                _log($"prompt digests {_path}: {e.Message}; starting them afresh");
                CloseDigests();
                DeleteFile(_path);
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                Broken(e);
                return;
            }
        }
    }

    // Without the file, duplicates of rows in earlier batches are missed (sent, not lost); the job goes on.
    private void Broken(Exception e)
    {
        _log($"prompt digests {_path}: {e.Message}; duplicates of rows read earlier will not be found in this run");
        CloseDigests();
    }

    private void CloseDigests()
    {
        _lookup?.Dispose();
        _lookup = null;
        _connection?.Dispose();
        _connection = null;
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
