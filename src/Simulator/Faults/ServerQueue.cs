namespace BatchAi.Simulator.Faults;

/// <summary>
/// A queueing server's batch slots, as vLLM's scheduler holds at most <c>max_num_seqs</c> sequences running and keeps the rest
/// waiting in arrival order: a request runs once it has a slot and holds it until its last byte. Nothing is refused; what is
/// beyond the capacity only waits. The capacity is read on every call, so a test may change it while the server runs.
/// </summary>
internal sealed class ServerQueue(SimulatorStats stats)
{
    private readonly LinkedList<TaskCompletionSource> _waiting = new();
    private readonly Lock _gate = new();
    private int _running;

    /// <summary>Waits for a slot; dispose the result to give it back. A cancelled wait leaves the queue.</summary>
    public async ValueTask<Slot> EnterAsync(int capacity, CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_running < capacity && _waiting.Count == 0)
            {
                _running++;
                return new Slot(this, capacity);
            }
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(turn);
        }
        stats.EnterQueue();
        try
        {
            await turn.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiting.Remove(node);
                    throw;
                }
            }
            // The slot was handed over just as the wait was cancelled: pass it on rather than lose it.
            Release(capacity);
            throw;
        }
        finally
        {
            stats.LeaveQueue();
        }
        return new Slot(this, capacity);
    }

    private void Release(int capacity)
    {
        lock (_gate)
        {
            _running--;
            while (_running < capacity && _waiting.First is { } next)
            {
                _waiting.RemoveFirst();
                _running++;
                next.Value.TrySetResult();
            }
        }
    }

    public readonly struct Slot(ServerQueue queue, int capacity) : IDisposable
    {
        public void Dispose() => queue?.Release(capacity);
    }
}
