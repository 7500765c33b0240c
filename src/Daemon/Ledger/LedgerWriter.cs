using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace BatchAi.Daemon.Ledger;

/// <summary>
/// The one task that writes the ledger. Writes queue on a channel and are committed in groups:
/// whatever queued while the previous commit ran goes into the next transaction, so a burst of
/// thousands of row results costs a handful of commits, and a lone write is committed at once.
/// </summary>
internal sealed class LedgerWriter : IAsyncDisposable
{
    public const int MaxGroup = 2000;

    private readonly Channel<Op> _queue = Channel.CreateUnbounded<Op>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LedgerWriteContext _context;
    private readonly Action<string> _log;
    private readonly Task _loop;

    public LedgerWriter(SqliteConnection connection, Action<string> log)
    {
        _context = new LedgerWriteContext(connection);
        _log = log;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Groups committed so far; a test and the benchmark read it to see grouping work.</summary>
    public long Commits { get; private set; }

    /// <summary>Queues a write without waiting for its commit.</summary>
    public void Post(Action<LedgerWriteContext> write)
    {
        if (!_queue.Writer.TryWrite(new Op(write, null)))
        {
            throw new ObjectDisposedException(nameof(LedgerWriter), "The ledger is closed.");
        }
    }

    /// <summary>Queues a write and completes once it is committed (or throws what the commit threw).</summary>
    public Task WriteAsync(Action<LedgerWriteContext> write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Op(write, done)))
        {
            throw new ObjectDisposedException(nameof(LedgerWriter), "The ledger is closed.");
        }

        return done.Task;
    }

    /// <summary>Queues a write that computes a value (e.g. rows changed) and completes with it once committed.</summary>
    public async Task<T> WriteAsync<T>(Func<LedgerWriteContext, T> write)
    {
        var result = default(T)!;
        // A block body, so this binds to the void overload and not back to this one.
        await WriteAsync(c => { result = write(c); }).ConfigureAwait(false);
        return result;
    }

    /// <summary>Completes once everything queued before the call is committed.</summary>
    public Task FlushAsync() => WriteAsync(static _ => { });

    private async Task RunAsync()
    {
        var group = new List<Op>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var op))
            {
                group.Add(op);
            }

            CommitGroup(group);
        }

        _context.Dispose();
    }

    private void CommitGroup(List<Op> group)
    {
        try
        {
            Commit(group);
            foreach (var op in group)
            {
                op.Done?.TrySetResult();
            }
        }
        catch (Exception groupError) when (IsEnvironmental(groupError))
        {
            // Locked, full, read-only, damaged: every write would fail the same way, and each retry would wait out the busy timeout.
            _log($"ledger: {group.Count} writes failed: {groupError.Message}");
            foreach (var op in group)
            {
                op.Done?.TrySetException(groupError);
            }
        }
        catch (Exception groupError) when (group.Count > 1)
        {
            // One bad write must not sink the others that shared its transaction: replay them one by one.
            _log($"ledger: a grouped commit of {group.Count} writes failed ({groupError.Message}); retrying them one at a time");
            foreach (var op in group)
            {
                CommitGroup([op]);
            }
        }
        catch (Exception error)
        {
            _log($"ledger: a write failed: {error.Message}");
            group[0].Done?.TrySetException(error);
        }
    }

    private void Commit(List<Op> group)
    {
        using var transaction = _context.Begin();
        try
        {
            foreach (var op in group)
            {
                op.Write(_context);
            }

            transaction.Commit();
            Commits++;
        }
        finally
        {
            _context.Transaction = null;
        }
    }

    private static bool IsEnvironmental(Exception error) =>
        error is SqliteException { SqliteErrorCode: Busy or Locked or ReadOnly or IoError or Corrupt or Full or CantOpen or NotADatabase };

    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int NotADatabase = 26;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Op(Action<LedgerWriteContext> Write, TaskCompletionSource? Done);
}
