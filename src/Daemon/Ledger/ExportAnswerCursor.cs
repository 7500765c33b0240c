using BatchAi.Daemon.Export;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// A job's <c>answers</c> records read beside its rows, both in input order, so an export takes each row's answers as it
/// passes without holding a job's answers in memory: one query, walked forward once.
/// </summary>
internal sealed class ExportAnswerCursor : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private SqliteDataReader? _reader;
    private bool _hasCurrent;

    private ExportAnswerCursor(SqliteConnection connection, SqliteCommand command)
    {
        _connection = connection;
        _command = command;
    }

    public static async Task<ExportAnswerCursor> OpenAsync(SqliteConnection connection, string jobId, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            SELECT idx, slot, model, sample, state, answer, finish_reason, error, score, score_reason
            FROM answers WHERE job_id = $id ORDER BY idx, slot
            """;
        command.Parameters.AddWithValue("$id", jobId);
        var cursor = new ExportAnswerCursor(connection, command);
        cursor._reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        cursor._hasCurrent = await cursor._reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return cursor;
    }

    /// <summary>Row <paramref name="index"/>'s answers by slot, or null when it has none; rows must be asked in input order.</summary>
    public async Task<IReadOnlyList<ExportAnswer>?> ForRowAsync(long index, CancellationToken cancellationToken)
    {
        var r = _reader!;
        while (_hasCurrent && r.GetInt64(0) < index)
        {
            _hasCurrent = await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        List<ExportAnswer>? answers = null;
        while (_hasCurrent && r.GetInt64(0) == index)
        {
            var state = (RowState)r.GetInt32(4);
            (answers ??= []).Add(new ExportAnswer(
                r.GetInt32(1),
                r.GetString(2),
                r.GetInt32(3),
                state is RowState.Done ? Text(r, 5) : null,
                Text(r, 6),
                state is RowState.Done ? null : Text(r, 7) ?? "not answered yet",
                r.IsDBNull(8) ? null : r.GetDouble(8),
                Text(r, 9)));
            _hasCurrent = await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        return answers;
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync().ConfigureAwait(false);
        }

        await _command.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private static string? Text(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
