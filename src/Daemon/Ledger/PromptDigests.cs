using BatchAi.Daemon.Cleaning;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// Looks up one job's stored prompt digests on a read connection of its own, held for one ingest and its
/// statement prepared once: a lookup per row read must cost microseconds, not a connection.
/// </summary>
internal sealed class PromptDigests : IPromptDigestStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly SqliteParameter _digest;

    public PromptDigests(LedgerReader reader, string jobId)
    {
        _connection = reader.Open();
        _command = _connection.CreateCommand();
        _command.CommandText = "SELECT MIN(idx) FROM rows WHERE job_id = $job AND digest = $digest";
        _command.Parameters.AddWithValue("$job", jobId);
        _digest = _command.Parameters.Add("$digest", SqliteType.Blob);
        _command.Prepare();
    }

    public long? FirstWith(ReadOnlySpan<byte> digest)
    {
        _digest.Value = digest.ToArray();
        return _command.ExecuteScalar() is long index ? index : null;
    }

    public void Dispose()
    {
        _command.Dispose();
        _connection.Dispose();
    }
}
