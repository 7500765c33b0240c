using System.Collections.Concurrent;
using System.Text;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;

namespace BatchAi.Tests.Shared;

/// <summary>A client's notification handlers: records everything and lets a test await a state or a row count.</summary>
public sealed class NotificationCollector
{
    private readonly ConcurrentDictionary<(string JobId, JobState State), TaskCompletionSource<JobStateChanged>> _states = new();
    private readonly ConcurrentDictionary<string, int> _rowCounts = new();
    private readonly ConcurrentDictionary<(string JobId, int Count), TaskCompletionSource> _rowWaits = new();
    private readonly ConcurrentDictionary<(string JobId, long Row), StringBuilder> _text = new();

    public ConcurrentQueue<JobProgress> Progress { get; } = new();

    public ConcurrentQueue<JobRowCompleted> Rows { get; } = new();

    public ConcurrentQueue<JobToken> Tokens { get; } = new();

    public ConcurrentQueue<JobStateChanged> States { get; } = new();

    public ConcurrentQueue<Protocol.Generation.JobQuestionAccepted> Questions { get; } = new();

    private readonly ConcurrentDictionary<string, int> _questionCounts = new();
    private readonly ConcurrentDictionary<(string JobId, int Count), TaskCompletionSource> _questionWaits = new();

    /// <summary>For each completed row, the answer text its <c>job/token</c> messages had built when its <c>job/rowCompleted</c> arrived.</summary>
    public ConcurrentDictionary<(string JobId, long Row), string> StreamedBeforeCompletion { get; } = new();

    [JsonRpcMethod(Protocol.Notifications.JobProgress, UseSingleObjectParameterDeserialization = true)]
    public void OnProgress(JobProgress p)
    {
        Progress.Enqueue(p);
        Interlocked.Exchange(ref _progressed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private TaskCompletionSource _progressed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first progress notification of the job, received so far or later, that meets <paramref name="condition"/>.</summary>
    public async Task<JobProgress> WaitForProgressAsync(string jobId, Func<JobProgress, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = Volatile.Read(ref _progressed).Task;
            if (Progress.FirstOrDefault(p => p.JobId == jobId && condition(p)) is { } progress)
            {
                return progress;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [JsonRpcMethod(Protocol.Notifications.JobToken, UseSingleObjectParameterDeserialization = true)]
    public void OnToken(JobToken t)
    {
        Tokens.Enqueue(t);
        if (t.Reasoning)
        {
            return;
        }

        var text = _text.GetOrAdd((t.JobId, t.Row), _ => new StringBuilder());
        lock (text)
        {
            if (t.Reset)
            {
                text.Clear();
            }

            text.Append(t.Text);
        }
    }

    [JsonRpcMethod(Protocol.Notifications.JobRowCompleted, UseSingleObjectParameterDeserialization = true)]
    public void OnRow(JobRowCompleted r)
    {
        if (_text.TryGetValue((r.JobId, r.Row), out var text))
        {
            lock (text)
            {
                StreamedBeforeCompletion[(r.JobId, r.Row)] = text.ToString();
            }
        }

        Rows.Enqueue(r);
        var count = _rowCounts.AddOrUpdate(r.JobId, 1, (_, c) => c + 1);
        if (_rowWaits.TryGetValue((r.JobId, count), out var wait))
        {
            wait.TrySetResult();
        }
    }

    [JsonRpcMethod(Protocol.Notifications.JobQuestionAccepted, UseSingleObjectParameterDeserialization = true)]
    public void OnQuestion(Protocol.Generation.JobQuestionAccepted q)
    {
        Questions.Enqueue(q);
        var count = _questionCounts.AddOrUpdate(q.JobId, 1, (_, c) => c + 1);
        if (_questionWaits.TryGetValue((q.JobId, count), out var wait))
        {
            wait.TrySetResult();
        }
    }

    /// <summary>Completes once <paramref name="count"/> questions of the generate job have been accepted. Register before they can arrive.</summary>
    public Task WaitForQuestionsAsync(string jobId, int count, CancellationToken cancellationToken)
    {
        var wait = _questionWaits.GetOrAdd((jobId, count), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_questionCounts.TryGetValue(jobId, out var seen) && seen >= count)
        {
            wait.TrySetResult();
        }

        return wait.Task.WaitAsync(cancellationToken);
    }

    [JsonRpcMethod(Protocol.Notifications.JobStateChanged, UseSingleObjectParameterDeserialization = true)]
    public void OnState(JobStateChanged s)
    {
        States.Enqueue(s);
        State(s.JobId, s.State).TrySetResult(s);
    }

    public Task<JobStateChanged> WaitForStateAsync(string jobId, JobState state, CancellationToken cancellationToken) =>
        State(jobId, state).Task.WaitAsync(cancellationToken);

    /// <summary>Forgets that the job reached <paramref name="state"/>, so the next wait is for its next arrival there (call before causing it).</summary>
    public void ForgetState(string jobId, JobState state) => _states.TryRemove((jobId, state), out _);

    /// <summary>Completes once <paramref name="count"/> rows of the job have completed. Register before the rows can arrive.</summary>
    public Task WaitForRowsAsync(string jobId, int count, CancellationToken cancellationToken)
    {
        var wait = _rowWaits.GetOrAdd((jobId, count), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_rowCounts.TryGetValue(jobId, out var seen) && seen >= count)
        {
            wait.TrySetResult();
        }

        return wait.Task.WaitAsync(cancellationToken);
    }

    private TaskCompletionSource<JobStateChanged> State(string jobId, JobState state) =>
        _states.GetOrAdd((jobId, state), _ => new TaskCompletionSource<JobStateChanged>(TaskCreationOptions.RunContinuationsAsynchronously));
}
