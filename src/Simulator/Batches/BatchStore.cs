namespace BatchAi.Simulator.Batches;

/// <summary>
/// The batches, newest last, behind one lock: every request first brings all of them up to the clock, in creation order, so the
/// enqueued-token quota of a batch sees the batches before it as they were at its validation.
/// </summary>
internal sealed class BatchStore(BatchRunner runner, SimulatorOptions options) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SimBatch> _batches = [];
    private readonly Dictionary<string, SimBatch> _byId = new(StringComparer.Ordinal);
    private long _created;

    public T Create<T>(string inputFileId, string endpoint, IReadOnlyDictionary<string, string>? metadata, BatchSettings settings, Func<SimBatch, T> read)
    {
        lock (_gate)
        {
            var batch = new SimBatch($"batch_{Guid.NewGuid():N}", ++_created, inputFileId, endpoint, metadata, options.TimeProvider.GetUtcNow(), settings);
            _batches.Add(batch);
            _byId[batch.Id] = batch;
            AdvanceAll();
            return read(batch);
        }
    }

    /// <summary>Runs <paramref name="read"/> on the batch brought up to now; false when there is no such batch.</summary>
    public bool TryRead<T>(string id, Func<SimBatch, T> read, out T result)
    {
        lock (_gate)
        {
            AdvanceAll();
            result = _byId.TryGetValue(id, out var batch) ? read(batch) : default!;
            return batch is not null;
        }
    }

    /// <returns>Null when there is no such batch; else whether it could be cancelled, and what <paramref name="read"/> made of it.</returns>
    public (bool Cancelled, T Result)? Cancel<T>(string id, Func<SimBatch, T> read)
    {
        lock (_gate)
        {
            AdvanceAll();
            if (!_byId.TryGetValue(id, out var batch))
            {
                return null;
            }
            var cancelled = runner.TryCancel(batch, options.TimeProvider.GetUtcNow());
            AdvanceAll();
            return (cancelled, read(batch));
        }
    }

    /// <summary>Newest first, as OpenAI lists batches.</summary>
    public T List<T>(Func<IReadOnlyList<SimBatch>, T> read)
    {
        lock (_gate)
        {
            AdvanceAll();
            return read(Enumerable.Reverse(_batches).ToList());
        }
    }

    public void AdvanceAllNow()
    {
        lock (_gate)
        {
            AdvanceAll();
        }
    }

    /// <summary>Closes the files of batches still running, so the simulator's folder can go.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var batch in _batches)
            {
                batch.Output?.Dispose();
                batch.Plan?.Dispose();
            }
        }
    }

    private void AdvanceAll()
    {
        var now = options.TimeProvider.GetUtcNow();
        for (var i = 0; i < _batches.Count; i++)
        {
            if (!_batches[i].Status.IsFinal())
            {
                runner.Advance(_batches[i], now, _batches.Take(i));
            }
        }
    }
}
