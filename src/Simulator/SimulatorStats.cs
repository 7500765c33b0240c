using System.Collections.Concurrent;

namespace BatchAi.Simulator;

/// <summary>What the simulator has seen. Thread-safe; every read is a snapshot.</summary>
public sealed partial class SimulatorStats
{
    private static readonly SimulatorFault[] AllFaults = Enum.GetValues<SimulatorFault>();

    private readonly ConcurrentDictionary<string, int> _byQuestion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RequestSettings, int> _bySettings = new();
    private readonly ConcurrentDictionary<string, int> _completedByQuestion = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Question, string Model, int Sample), int> _samples = new();
    private readonly long[] _byFault = new long[AllFaults.Length];
    private long _total;
    private long _images;
    private long _completed;
    private long _rateLimited;
    private int _inFlight;
    private long _requestTicks;
    private int _maxConcurrent;
    private TaskCompletionSource _changed = NewSignal();

    internal SimulatorStats()
    {
    }

    /// <summary>Chat-completion requests received (every one whose body parsed, whatever happened next).</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>Image parts received, over all requests (each a valid http(s) or base64 data URL: any other is refused with 400).</summary>
    public long ImagesReceived => Interlocked.Read(ref _images);

    /// <summary>Requests answered in full (a whole completion, or a stream through <c>[DONE]</c>).</summary>
    public long CompletedRequests => Interlocked.Read(ref _completed);

    /// <summary>Chat-completion requests being handled right now, hung ones included.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// The time requests spent here, summed over every request that was let in (from arrival to the last byte): over a run's
    /// wall time it is the mean number in flight, over <see cref="TotalRequests"/> the mean latency a client saw.
    /// </summary>
    public TimeSpan TotalRequestTime => TimeSpan.FromTicks(Interlocked.Read(ref _requestTicks));

    /// <summary>Highest <see cref="InFlight"/> since start or the last <see cref="Reset"/>.</summary>
    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    /// <summary>Faults injected by directives or at random; not 429s from the limits, nor outages, nor refused parameters.</summary>
    public long FaultsInjected
    {
        get
        {
            long sum = 0;
            for (var i = 0; i < _byFault.Length; i++)
            {
                sum += Interlocked.Read(ref _byFault[i]);
            }
            return sum;
        }
    }

    /// <summary>Injected faults per kind (every kind present, zero when none).</summary>
    public IReadOnlyDictionary<SimulatorFault, long> FaultsByKind =>
        AllFaults.ToDictionary(kind => kind, kind => Interlocked.Read(ref _byFault[(int)kind]));

    /// <summary>
    /// Requests refused with 429 because of a limit: <see cref="SimulatorOptions.RequestsPerMinute"/>, <see cref="SimulatorOptions.RequestsPerWindow"/>,
    /// the token limits or <see cref="SimulatorOptions.MaxConcurrentRequests"/> (not injected 429 faults, see <see cref="FaultsByKind"/>).
    /// </summary>
    public long RateLimitedRequests => Interlocked.Read(ref _rateLimited);

    /// <summary>Snapshot of request counts per question (the last user message); empty when <see cref="SimulatorOptions.CountByQuestion"/> is off.</summary>
    public IReadOnlyDictionary<string, int> RequestsByQuestion => new Dictionary<string, int>(_byQuestion, StringComparer.Ordinal);

    /// <summary>
    /// Snapshot of request counts per <see cref="RequestSettings"/> (model, system prompt, temperature, max tokens), so a test can
    /// check what a client really sent. Kept whatever <see cref="SimulatorOptions.CountByQuestion"/> says: a client sends few
    /// distinct settings (the daemon, one set per job), so the map stays small where the one per question would not.
    /// </summary>
    public IReadOnlyDictionary<RequestSettings, int> RequestsBySettings => new Dictionary<RequestSettings, int>(_bySettings);

    /// <summary>
    /// Snapshot of answers given in full per question; empty when <see cref="SimulatorOptions.CountByQuestion"/> is off. A count above
    /// one is a row answered again, for instance after a client lost the first answer in a crash.
    /// </summary>
    public IReadOnlyDictionary<string, int> CompletedByQuestion => new Dictionary<string, int>(_completedByQuestion, StringComparer.Ordinal);

    /// <summary>How many requests arrived whose last user message was exactly <paramref name="question"/>.</summary>
    public int RequestsFor(string question) => _byQuestion.TryGetValue(question, out var n) ? n : 0;

    /// <summary>Zeroes the counters; requests in flight stay counted in <see cref="InFlight"/>.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _images, 0);
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _requestTicks, 0);
        for (var i = 0; i < _byFault.Length; i++)
        {
            Interlocked.Exchange(ref _byFault[i], 0);
        }
        _byQuestion.Clear();
        _bySettings.Clear();
        _completedByQuestion.Clear();
        _samples.Clear();
        Volatile.Write(ref _maxConcurrent, InFlight);
        ResetProviderCounters();
        ResetBatchCounters();
        Signal();
    }

    /// <summary>
    /// Completes once <paramref name="condition"/> holds, re-checking after every change to the stats,
    /// so tests can wait for server-side state without sleeping.
    /// </summary>
    public async Task WaitUntilAsync(Func<SimulatorStats, bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Take the signal before checking, so a change between the check and the wait is not missed.
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>The request's number among arrivals since start or the last reset, 1 for the first.</returns>
    internal long RecordArrival(string? question, RequestSettings settings, int images = 0)
    {
        Interlocked.Add(ref _images, images);
        var number = Interlocked.Increment(ref _total);
        if (question is not null)
        {
            _byQuestion.AddOrUpdate(question, 1, static (_, n) => n + 1);
        }

        _bySettings.AddOrUpdate(settings, 1, static (_, n) => n + 1);

        Signal();
        return number;
    }

    /// <param name="question">The question answered, or null when questions are not counted.</param>
    /// <summary>
    /// Answers given in full per question (the last user message), model and sample (the request's <c>seed</c>, plus the choice with
    /// <c>n</c>): how often each of a row's answers was drawn. Empty when <see cref="SimulatorOptions.CountByQuestion"/> is off.
    /// </summary>
    public IReadOnlyDictionary<(string Question, string Model, int Sample), int> AnswersBySample => new Dictionary<(string, string, int), int>(_samples);

    internal void RecordSamples(string question, string model, int first, int count)
    {
        for (var sample = first; sample < first + count; sample++)
        {
            _samples.AddOrUpdate((question, model, sample), 1, static (_, n) => n + 1);
        }
    }

    internal void RecordCompleted(string? question)
    {
        Interlocked.Increment(ref _completed);
        if (question is not null)
        {
            _completedByQuestion.AddOrUpdate(question, 1, static (_, n) => n + 1);
        }
        Signal();
    }

    internal void RecordFault(SimulatorFault fault)
    {
        Interlocked.Increment(ref _byFault[(int)fault]);
        Signal();
    }

    internal void RecordRateLimited()
    {
        Interlocked.Increment(ref _rateLimited);
        Signal();
    }

    internal void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while ((max = Volatile.Read(ref _maxConcurrent)) < now
            && Interlocked.CompareExchange(ref _maxConcurrent, now, max) != max)
        {
        }
        Signal();
    }

    /// <param name="duration">From the request's arrival to its last byte.</param>
    internal void Exit(TimeSpan duration)
    {
        Interlocked.Add(ref _requestTicks, duration.Ticks);
        Interlocked.Decrement(ref _inFlight);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
