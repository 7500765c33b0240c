using BatchAi.Simulator.Text;
using Microsoft.Extensions.Logging;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// The batches, newest last, behind one lock, moved along in one of two ways (<see cref="SimulatorOptions.BatchWorkInBackground"/>):
/// <list type="bullet">
/// <item>worked out when someone looks (a fake clock): every request first brings all of them up to the clock, in creation order,
/// so the enqueued-token quota of a batch sees the batches before it as they were at its validation;</item>
/// <item>by a fleet (the real clock): a background loop advances them in creation order, a slice of lines per batch at a time,
/// releasing the lock between slices and validating outside it, and requests only read the state it has reached. That is how a
/// real provider behaves: OpenAI answers an upload, a create or a retrieve at once whatever its batches are doing, and a batch its
/// fleet is behind on simply stays <c>in_progress</c> ("the batch is currently being run") for longer, as OpenAI's users see for
/// hours at busy times within the 24 h window; Azure OpenAI's global batch documents a 24 h target turnaround and jobs that take
/// longer staying in progress rather than expiring. Answering every line due inside the client's request, as on a fake clock,
/// would charge the provider's work to the client.</item>
/// </list>
/// </summary>
internal sealed partial class BatchStore : IAsyncDisposable
{
    // Lines one batch is given per pass of the fleet: a slice is under ten milliseconds of work (about 70 µs a line on a busy
    // laptop), the longest a request waits for the lock.
    private const int SliceLines = 128;

    // The longest the fleet sleeps while a batch is under way, so it re-reads BatchFleetLinesPerSecond this often too.
    private static readonly TimeSpan MostIdle = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<SimBatch> _batches = [];
    private readonly Dictionary<string, SimBatch> _byId = new(StringComparer.Ordinal);
    private readonly BatchRunner _runner;
    private readonly SimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task? _fleet;
    private TaskCompletionSource _wake = NewSignal();
    private long _created;
    private int _requestsWaiting;

    // The fleet's allowance of lines under BatchFleetLinesPerSecond, and when it was last topped up (fleet thread only).
    private double _credit;
    private long _creditedAt;

    public BatchStore(BatchRunner runner, SimulatorOptions options, ILogger logger)
    {
        _runner = runner;
        _options = options;
        _logger = logger;
        InBackground = options.BatchWorkInBackground ?? ReferenceEquals(options.TimeProvider, TimeProvider.System);
        if (InBackground)
        {
            _creditedAt = options.TimeProvider.GetTimestamp();
            _fleet = Task.Run(() => RunFleetAsync(_stopping.Token));
        }
    }

    /// <summary>Whether a background fleet runs the batches (else each request works them out up to the clock).</summary>
    public bool InBackground { get; }

    public T Create<T>(string inputFileId, string endpoint, IReadOnlyDictionary<string, string>? metadata, BatchSettings settings, Func<SimBatch, T> read)
    {
        T result;
        using (EnterForRequest())
        {
            var batch = new SimBatch($"batch_{Guid.NewGuid():N}", ++_created, inputFileId, endpoint, metadata, _options.TimeProvider.GetUtcNow(), settings);
            _batches.Add(batch);
            _byId[batch.Id] = batch;
            AdvanceAllOnRequest();
            result = read(batch);
        }
        Wake();
        return result;
    }

    /// <summary>Runs <paramref name="read"/> on the batch as it is now; false when there is no such batch.</summary>
    public bool TryRead<T>(string id, Func<SimBatch, T> read, out T result)
    {
        using (EnterForRequest())
        {
            AdvanceAllOnRequest();
            result = _byId.TryGetValue(id, out var batch) ? read(batch) : default!;
            return batch is not null;
        }
    }

    /// <returns>Null when there is no such batch; else whether it could be cancelled, and what <paramref name="read"/> made of it.</returns>
    public (bool Cancelled, T Result)? Cancel<T>(string id, Func<SimBatch, T> read)
    {
        (bool, T)? outcome;
        using (EnterForRequest())
        {
            AdvanceAllOnRequest();
            if (!_byId.TryGetValue(id, out var batch))
            {
                return null;
            }
            // In background mode the lines the fleet answered before this instant are kept; those due but not reached are dropped.
            var cancelled = _runner.TryCancel(batch, _options.TimeProvider.GetUtcNow());
            AdvanceAllOnRequest();
            outcome = (cancelled, read(batch));
        }
        Wake();
        return outcome;
    }

    /// <summary>Newest first, as OpenAI lists batches.</summary>
    public T List<T>(Func<IReadOnlyList<SimBatch>, T> read)
    {
        using (EnterForRequest())
        {
            AdvanceAllOnRequest();
            return read(Enumerable.Reverse(_batches).ToList());
        }
    }

    /// <summary>Brings every batch up to the clock before a files request (output files appear when their batch ends); in background mode the fleet does that, and this does nothing.</summary>
    public void AdvanceAllNow()
    {
        if (InBackground)
        {
            return;
        }
        using (EnterForRequest())
        {
            AdvanceAll();
        }
    }

    /// <summary>Stops the fleet and waits for it, then closes the files of batches still running, so the simulator's folder can go.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_fleet is not null)
        {
            try
            {
                await _fleet.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogFleetFailed(_logger, exception);
            }
        }
        lock (_gate)
        {
            foreach (var batch in _batches)
            {
                batch.Output?.Dispose();
                batch.Plan?.Dispose();
            }
        }
        _stopping.Dispose();
    }

    // A request takes the lock ahead of the fleet: the fleet gives way between slices while one waits (see GiveWay), since a
    // lock taken again at once by the thread that released it would keep a waiting request out for several slices.
    private Lock.Scope EnterForRequest()
    {
        Interlocked.Increment(ref _requestsWaiting);
        var scope = _gate.EnterScope();
        Interlocked.Decrement(ref _requestsWaiting);
        return scope;
    }

    // Before each slice: let the requests waiting for the lock have it first (a bounded wait, so a flood of requests does not
    // stop the fleet).
    private void GiveWay()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _requestsWaiting) > 0 && spin.Count < 100)
        {
            spin.SpinOnce();
        }
    }

    private void AdvanceAllOnRequest()
    {
        if (!InBackground)
        {
            AdvanceAll();
        }
    }

    private void AdvanceAll()
    {
        var now = _options.TimeProvider.GetUtcNow();
        for (var i = 0; i < _batches.Count; i++)
        {
            if (!_batches[i].Status.IsFinal())
            {
                _runner.Advance(_batches[i], now, _batches.Take(i));
            }
        }
    }

    private async Task RunFleetAsync(CancellationToken stopping)
    {
        try
        {
            // The first answer loads the o200k tokenizer, about half a second: loaded here, outside the lock, not in the first slice.
            PromptTokenCounter.Message("");
        }
        catch (Exception exception)
        {
            LogFleetFailed(_logger, exception);
        }
        while (!stopping.IsCancellationRequested)
        {
            // Armed before the pass: a batch created or cancelled during it wakes the next wait rather than being missed.
            var wake = Arm();
            TimeSpan? idle;
            try
            {
                idle = Pass(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Never the end of the fleet, nor of the server: logged, and tried again after a pause.
                LogFleetFailed(_logger, exception);
                idle = MostIdle;
            }
            if (idle == TimeSpan.Zero)
            {
                continue;
            }
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var delay = idle is { } wait ? Task.Delay(wait, _options.TimeProvider, timer.Token) : Task.Delay(Timeout.Infinite, timer.Token);
            await Task.WhenAny(wake, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One pass over the batches in creation order, each given a slice of lines under the lock.</summary>
    /// <returns>How long the fleet may sleep: zero when work is due now, null when no batch is under way.</returns>
    private TimeSpan? Pass(CancellationToken stopping)
    {
        var time = _options.TimeProvider;
        var rate = _options.BatchFleetLinesPerSecond is > 0 and var lps ? lps : (double?)null;
        TopUp(rate);
        int count;
        lock (_gate)
        {
            count = _batches.Count;
        }
        DateTimeOffset? next = null;
        for (var i = 0; i < count && !stopping.IsCancellationRequested; i++)
        {
            SimBatch batch;
            DateTimeOffset? due;
            var validate = false;
            GiveWay();
            lock (_gate)
            {
                batch = _batches[i];
                if (batch.Status.IsFinal())
                {
                    continue;
                }
                var now = time.GetUtcNow();
                if (batch.Status == BatchStatus.Validating)
                {
                    validate = now >= BatchRunner.NextDue(batch);
                }
                else
                {
                    var budget = rate is null ? SliceLines : (int)Math.Min(SliceLines, Math.Floor(_credit));
                    var worked = Guarded(batch, now, () => _runner.Advance(batch, now, _batches.Take(i), budget));
                    _credit -= rate is null ? 0 : worked;
                }
                due = BatchRunner.NextDue(batch);
            }
            if (validate)
            {
                due = Validate(batch, i, stopping);
            }
            if (due is { } d && (next is null || d < next))
            {
                next = d;
            }
        }
        if (next is not { } earliest)
        {
            return null;
        }
        var wait = earliest - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            return wait < MostIdle ? wait : MostIdle;
        }
        // Work is due now: go again at once, unless the fleet's lines per second are spent.
        if (rate is { } perSecond && _credit < 1)
        {
            var refill = TimeSpan.FromSeconds((1 - _credit) / perSecond);
            return refill < MostIdle ? refill : MostIdle;
        }
        return TimeSpan.Zero;
    }

    // Validation reads and parses the whole input file: done outside the lock, then ended under it at the fleet's clock, against
    // the quota the earlier batches hold at that instant.
    private DateTimeOffset? Validate(SimBatch batch, int index, CancellationToken stopping)
    {
        BatchRunner.Validation validation;
        try
        {
            validation = _runner.Prepare(batch, stopping);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogBatchFailed(_logger, exception, batch.Id);
            lock (_gate)
            {
                _runner.Abandon(batch, _options.TimeProvider.GetUtcNow(), exception);
            }
            return null;
        }
        GiveWay();
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var nominal = batch.CreatedAt + batch.Settings.Validation;
            Guarded(batch, now, () =>
            {
                _runner.Start(batch, validation, now > nominal ? now : nominal, _batches.Take(index));
                return 0;
            });
            return BatchRunner.NextDue(batch);
        }
    }

    // A batch the fleet cannot move on fails, logged, rather than failing again on every pass.
    private int Guarded(SimBatch batch, DateTimeOffset now, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (Exception exception)
        {
            LogBatchFailed(_logger, exception, batch.Id);
            _runner.Abandon(batch, now, exception);
            return 0;
        }
    }

    private void TopUp(double? rate)
    {
        var time = _options.TimeProvider;
        var now = time.GetTimestamp();
        _credit = rate is { } perSecond
            ? Math.Min(_credit + (perSecond * time.GetElapsedTime(_creditedAt, now).TotalSeconds), Math.Max(1, perSecond * MostIdle.TotalSeconds))
            : 0;
        _creditedAt = now;
    }

    private Task Arm()
    {
        var next = NewSignal();
        Volatile.Write(ref _wake, next);
        return next.Task;
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Error, Message = "The simulator's batch fleet failed a pass; it goes on")]
    private static partial void LogFleetFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The simulator's batch fleet could not run batch {BatchId}; the batch fails")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string batchId);
}
