using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Notifications;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// Runs one job: reads its input into the ledger, sends the pending rows with up to
/// <see cref="JobSpec.Concurrency"/> in flight, stores each answer, and writes the output from the
/// ledger. Everything it holds can be rebuilt from the ledger, which is how resume works.
/// </summary>
internal sealed partial class JobRunner
{
    private readonly JobLedger _ledger;
    private readonly NotificationHub _hub;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly TimeSpan _pauseGrace;
    private readonly object _gate = new();
    private readonly AsyncPulse _ingested = new();
    private ResilientChat? _chat;
    private ConversationTurns? _turns;

    // Built once from the spec's schema (validated when the job was started), for every answer of the job.
    private readonly Structured.AnswerSchema? _schema;
    private EndpointPool? _pool;

    // A row's answer slots (samples, models, a judge), or null for a plain job; and with models, the way to each, in their order.
    private readonly AnswerSlots? _slots;
    private IReadOnlyList<PooledChat>? _modelChats;

    // A judged job's judge (built once from the spec) and, when it has endpoints of its own, the way to them.
    private readonly Judging.Judge? _judge;
    private PooledChat? _judgeChat;
    private CancellationTokenSource _dispatchStop = new();
    private CancellationTokenSource _abort = new();
    private StopReason _stopReason;
    private Task _run = Task.CompletedTask;

    public JobRunner(JobRecord record, JobSpec spec, JobLedger ledger, NotificationHub hub, TimeProvider time, TimeSpan pauseGrace, Action<string> log, JobPrice? price = null)
    {
        Price = price;
        Id = record.Id;
        Spec = spec;
        _schema = spec.AnswerFormat is { } format ? Structured.AnswerSchema.Parse(format.Schema) : null;
        _slots = spec.Slots();
        _judge = spec.Judge is { } judge ? JobJudge.ToJudge(judge) : null;
        State = record.State.ToProtocol();
        CreatedAt = record.CreatedAt;
        FinishedAt = record.FinishedAt;
        LastError = record.LastError;
        Cleaning = record.Cleaning?.ToProtocol();
        _ledger = ledger;
        _hub = hub;
        _time = time;
        _pauseGrace = pauseGrace;
        _log = log;
        Rate = new RateMeter(time, TimeSpan.FromSeconds(10));
        LoadCounters(record);
    }

    public string Id { get; }

    public JobSpec Spec { get; private set; }

    /// <summary>
    /// The price of each of the job's models from <c>prices.json</c>, read when the job was loaded or last started; null unless
    /// every model has one, in one currency. Each answer's tokens are charged at the price of the model that wrote it.
    /// </summary>
    public JobPrice? Price { get; set; }

    public JobState State { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? LastError { get; private set; }

    public JobCounters Counters { get; } = new();

    /// <summary>What cleaning did over the rows read so far (each rule's count of rows changed, empty and duplicate rows skipped).</summary>
    public CleaningSummary? Cleaning { get; private set; }

    /// <summary>Paused because the ledger could not be written; the manager resumes it once a probe write succeeds.</summary>
    public bool PausedByLedgerFault { get; private set; }

    /// <summary>A client paused the job itself: it stays paused even once the ledger can be written again.</summary>
    public void KeepPaused() => PausedByLedgerFault = false;

    public RateMeter Rate { get; }

    /// <summary>Raised when a run has stopped and its final state is stored.</summary>
    public event Action<JobRunner>? RunEnded;

    /// <summary>Completes when the current run has stopped and its final state is stored.</summary>
    public Task Completion => _run;

    public bool IsRunning => !_run.IsCompleted;

    /// <summary>Running, but asked to stop: it is draining its requests in flight.</summary>
    public bool IsStopping
    {
        get
        {
            lock (_gate)
            {
                return IsRunning && _stopReason != StopReason.None;
            }
        }
    }

    /// <summary>Starts a run. <paramref name="source"/> is the input already opened by <c>startJob</c> (so its errors reach the caller), or null to open it again.</summary>
    /// <param name="userSimulator">A multi-turn job's user simulator when it has an endpoint of its own; else the job's pool plays the user.</param>
    /// <param name="modelChats">A job with <c>models</c>: the way to each model, in their order (<see cref="JobChat.ForModels"/>).</param>
    /// <param name="batches">A batch job's way to the provider's Batch API.</param>
    /// <param name="judge">A judged job's judge when it has endpoints of its own (<see cref="JobChat.Judge"/>); else the job's pool judges.</param>
    public void Start(PooledChat chat, DatasetSource? source, PooledChat? userSimulator = null, IReadOnlyList<PooledChat>? modelChats = null,
        Batching.ProviderBatches? batches = null, PooledChat? judge = null)
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                throw new InvalidOperationException($"Job {Id} is already running.");
            }

            _chat = chat.Chat;
            _pool = chat.Pool;
            _modelChats = modelChats;
            _batches = batches;
            var collecting = StopCollecting();
            _judgeChat = judge;
            _turns = Spec.MultiTurn ? new ConversationTurns(Spec, _ledger, chat.Chat, (userSimulator ?? chat).Chat, _time, Id) : null;
            Outage = null;
            WatchOutages(chat.Pool);
            _stopReason = StopReason.None;
            PausedByLedgerFault = false;
            _dispatchStop = new CancellationTokenSource();
            _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            Rate.Reset();
            // Running from this moment, so a resumeJob reply already says so; RunAsync stores and announces it.
            var previous = State;
            State = JobState.Running;
            _run = Task.Run(async () =>
            {
                // A paused batch job's collecting ends before this run takes its batches over.
                await collecting.ConfigureAwait(false);
                await RunAsync(source, previous).ConfigureAwait(false);
            });
        }
    }

    /// <summary>Asks the run to stop; await <see cref="Completion"/> for it to have stopped.</summary>
    public void RequestStop(StopReason reason, string? message = null)
    {
        lock (_gate)
        {
            if (!IsRunning && reason >= StopReason.Shutdown)
            {
                StopCollecting();
            }

            if (!IsRunning || reason <= _stopReason)
            {
                return;
            }

            _stopReason = reason;
            if (message is not null)
            {
                LastError = message;
            }

            _dispatchStop.Cancel();
            if (reason is StopReason.Pause or StopReason.Budget)
            {
                // Let answers in flight finish (they are paid for), but not forever.
                _abort.CancelAfter(_pauseGrace);
            }
            else
            {
                _abort.Cancel();
            }
        }
    }

    public JobInfo Describe() => new(
        Id,
        State,
        Spec.Input,
        Spec.Output,
        Spec.Format,
        Spec.Model,
        Spec.BaseUrl,
        Counters.Snapshot(IsRunning ? Rate.Sample(Counters.Finished) : 0, Price),
        CreatedAt,
        FinishedAt,
        LastError,
        PoolStatus(),
        Cleaning,
        Spec.Budget,
        State is not (JobState.Completed or JobState.Cancelled) && BudgetMessage() is not null,
        Kind,
        State == JobState.ProviderUnavailable && Outage is { } o ? new ProviderOutage(o.Endpoint, o.LastError, o.Since, o.NextProbe) : null,
        Spec.Mode,
        BatchStatuses());

    public JobProgress Progress() => new(Id, State, Counters.Snapshot(State is JobState.Running or JobState.ProviderUnavailable ? Rate.Sample(Counters.Finished) : 0, Price));

    /// <summary>The message saying the job has spent its budget (or <paramref name="budget"/>, one it may be given), or null while it has not.</summary>
    public string? BudgetMessage(JobBudget? budget = null)
    {
        var (prompt, completion) = Counters.Spent;
        return BudgetCheck.Reached(Id, budget ?? Spec.Budget, prompt + completion, Counters.Cost(Price), Price?.Currency);
    }

    /// <summary>Gives a job that is not running a new budget, stored with its settings so that it holds after a restart.</summary>
    public async Task SetBudgetAsync(JobBudget? budget)
    {
        var spec = Spec with { Budget = budget is { MaxTokens: null, MaxCost: null } ? null : budget };
        await _ledger.SetSpecAsync(Id, System.Text.Json.JsonSerializer.Serialize(spec)).ConfigureAwait(false);
        Spec = spec;
    }

    /// <summary>Moves a job that is not running to a final or paused state (cancel of a paused job).</summary>
    public async Task SetStoppedStateAsync(JobState state, string? message)
    {
        if (state == JobState.Cancelled)
        {
            await ExportAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await SetStateAsync(state, message).ConfigureAwait(false);
    }

    private async Task RunAsync(DatasetSource? source, JobState previous)
    {
        string? failure = null;
        try
        {
            await SetStateAsync(JobState.Running, null, previous).ConfigureAwait(false);
            await _ledger.ResetInFlightAsync(Id).ConfigureAwait(false);
            var record = _ledger.Reader.GetJob(Id) ?? throw new InvalidOperationException($"Job {Id} vanished from the ledger.");
            LoadCounters(record);
            failure = Spec.Generation is null
                ? await AnswerAsync(source, record).ConfigureAwait(false)
                : await GenerateAsync().ConfigureAwait(false);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            // The ledger itself failed (full, locked, read-only): pause and go on once it can be written, rather than fail the job.
            LedgerFault(e);
        }
        catch (Exception e)
        {
            failure = e.Message;
            _log($"job {Id}: {e}");
        }

        await FinishAsync(failure).ConfigureAwait(false);
        RunEnded?.Invoke(this);
    }

    /// <summary>An answer job's run: the input read on into the ledger (unless it was all read), and the pending rows sent.</summary>
    private async Task<string?> AnswerAsync(DatasetSource? source, JobRecord record)
    {
        Task ingest;
        if (record.TotalKnown)
        {
            if (source is not null)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }

            ingest = Task.CompletedTask;
        }
        else
        {
            ingest = IngestAsync(source, record.Total, _dispatchStop.Token);
        }

        return Spec.Offline ? await AwaitResultsAsync(ingest).ConfigureAwait(false)
            : Spec.ByBatch ? await BatchAsync(ingest).ConfigureAwait(false)
            : Spec.Auto ? await AutoAsync(ingest).ConfigureAwait(false)
            : await DispatchAsync(ingest).ConfigureAwait(false);
    }

    /// <summary>
    /// An offline job's run sends nothing: once its input is read, it waits, paused, for <c>importResults</c>; with no row
    /// left pending (all cached, or all imported), it completes as any run does.
    /// </summary>
    private async Task<string?> AwaitResultsAsync(Task ingest)
    {
        var failure = await EndIngestAsync(ingest).ConfigureAwait(false);
        if (failure is null && !_dispatchStop.IsCancellationRequested && _ledger.Reader.Count(Id).Pending > 0)
        {
            RequestStop(StopReason.Offline,
                $"Offline: nothing is sent. exportRequests writes the pending rows as batch request files; importResults folds a run's output back.");
        }

        return failure;
    }

    /// <summary>Reads the job's counts again from the ledger (rows stored by a feature while the job was not running).</summary>
    public void Reload()
    {
        if (!IsRunning && _ledger.Reader.GetJob(Id) is { } record)
        {
            LoadCounters(record);
        }
    }
}
