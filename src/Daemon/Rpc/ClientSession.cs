using System.Collections.Concurrent;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Notifications;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Rpc;

/// <summary>
/// One connected client as a watcher of jobs. Job tasks post into its outbox and never wait; its own
/// pump sends at the client's pace. A slow client loses intermediate token text (counted and reported
/// in <c>job/progress</c>), never state changes, and never slows a job.
/// </summary>
internal sealed class ClientSession : INotificationSink, IAsyncDisposable
{
    public const int MaxQueuedEvents = 10_000;
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(2);
    private static int s_nextId;

    private readonly TimeProvider _time;
    private readonly TimeSpan _flushInterval;
    private readonly int _rowsPerFlush;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, byte> _tokenJobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, object Payload)> _events = new();
    private readonly ConcurrentDictionary<string, JobProgress> _progress = new(StringComparer.Ordinal);
    private readonly TokenBuffer _tokens = new();
    private readonly AsyncPulse _wake = new();
    private readonly CancellationTokenSource _closed = new();
    private JsonRpc? _rpc;
    private Task _pump = Task.CompletedTask;
    private int _queuedRows;
    private long _droppedRows;

    public ClientSession(TimeProvider time, TimeSpan flushInterval, Action<string> log, int rowsPerFlush = TokenBuffer.DefaultRowsPerFlush)
    {
        _rowsPerFlush = rowsPerFlush;
        _time = time;
        _flushInterval = flushInterval;
        _log = log;
        Id = Interlocked.Increment(ref s_nextId);
    }

    public int Id { get; }

    public void Attach(JsonRpc rpc)
    {
        _rpc = rpc;
        _pump = Task.Run(PumpAsync);
    }

    public void SubscribeTokens(string jobId, bool enabled)
    {
        if (enabled)
        {
            _tokenJobs[jobId] = 0;
        }
        else
        {
            _tokenJobs.TryRemove(jobId, out _);
        }
    }

    public void OnStateChanged(JobStateChanged change)
    {
        if (change.State is JobState.Completed or JobState.Cancelled or JobState.Failed)
        {
            // A finished job streams nothing more; a long-lived connection must not collect every job it ever watched.
            _tokenJobs.TryRemove(change.JobId, out _);
        }

        Enqueue(Protocol.Notifications.JobStateChanged, change);
    }

    public void OnRowCompleted(JobRowCompleted row)
    {
        if (Interlocked.Increment(ref _queuedRows) > MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queuedRows);
            Interlocked.Increment(ref _droppedRows);
            return;
        }

        Enqueue(Protocol.Notifications.JobRowCompleted, row);
    }

    /// <summary>Bounded with the row events: a question, like an answer, is in the output whatever a slow client misses.</summary>
    public void OnQuestionAccepted(Protocol.Generation.JobQuestionAccepted question)
    {
        if (Interlocked.Increment(ref _queuedRows) > MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queuedRows);
            Interlocked.Increment(ref _droppedRows);
            return;
        }

        Enqueue(Protocol.Notifications.JobQuestionAccepted, question);
    }

    public void OnProgress(JobProgress progress)
    {
        _progress[progress.JobId] = progress;
        _wake.Pulse();
    }

    /// <summary>Token text held for this client (bounded by <see cref="TokenBuffer.MaxChars"/>).</summary>
    internal int BufferedTokenChars => _tokens.Chars;

    /// <summary>Notifications waiting in the outbox (row completions bounded by <see cref="MaxQueuedEvents"/>).</summary>
    internal int QueuedEvents => _events.Count;

    /// <summary>Token deltas and row notifications dropped because this client did not keep up.</summary>
    internal long Dropped => _tokens.Dropped + Interlocked.Read(ref _droppedRows);

    public bool WantsTokens(string jobId) => !_tokenJobs.IsEmpty && _tokenJobs.ContainsKey(jobId);

    public void OnToken(JobToken token)
    {
        _tokens.Add(token);
        _wake.Pulse();
    }

    private void Enqueue(string method, object payload)
    {
        _events.Enqueue((method, payload));
        _wake.Pulse();
    }

    private async Task PumpAsync()
    {
        var closed = _closed.Token;
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var wake = _wake.Next;
                if (_events.IsEmpty && _progress.IsEmpty && _tokens.IsEmpty)
                {
                    await wake.WaitAsync(closed).ConfigureAwait(false);
                }

                await FlushAsync().ConfigureAwait(false);
                // The coalescing window: at most one batch of token messages per interval per client.
                await Task.Delay(_flushInterval, _time, closed).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // A transport closed under a write says so in several ways: a completed pipe writer throws InvalidOperationException.
            _log($"client {Id}: connection lost while sending notifications");
        }
    }

    private async Task FlushAsync()
    {
        var rpc = _rpc!;
        // Events queued before the tokens are taken go after them, so a row's text arrives before its rowCompleted:
        // the rows completing in this flush send their text whatever the cap on rows per flush.
        var events = new List<(string Method, object Payload)>(_events.Count);
        HashSet<(string JobId, long Row)>? completing = null;
        for (var count = _events.Count; events.Count < count && _events.TryDequeue(out var e);)
        {
            events.Add(e);
            if (e.Payload is JobRowCompleted row)
            {
                Interlocked.Decrement(ref _queuedRows);
                (completing ??= []).Add((row.JobId, row.Row));
            }
            else if (e.Payload is Protocol.Generation.JobQuestionAccepted)
            {
                Interlocked.Decrement(ref _queuedRows);
            }
        }

        foreach (var token in _tokens.Take(_rowsPerFlush, completing))
        {
            await rpc.NotifyWithParameterObjectAsync(Protocol.Notifications.JobToken, token).ConfigureAwait(false);
        }

        foreach (var (method, payload) in events)
        {
            await rpc.NotifyWithParameterObjectAsync(method, payload).ConfigureAwait(false);
        }

        foreach (var jobId in _progress.Keys)
        {
            if (_progress.TryRemove(jobId, out var progress))
            {
                var dropped = _tokens.Dropped + Interlocked.Read(ref _droppedRows);
                await rpc.NotifyWithParameterObjectAsync(Protocol.Notifications.JobProgress, progress with { DroppedTokenMessages = dropped }).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed.Cancel();
        await _pump.ConfigureAwait(false);
        // What was queued before the close (such as "interrupted" at shutdown) still goes out, unless the client is gone or stuck.
        try
        {
            await FlushAsync().WaitAsync(FinalFlushTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the transport may already be closed (a pipe completed, a socket reset) in more ways than one exception type says.
        }

        _closed.Dispose();
    }
}
