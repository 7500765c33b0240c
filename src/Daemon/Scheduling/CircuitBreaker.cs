namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// Takes an endpoint out after <c>threshold</c> failures in a row (5xx, dropped connections,
/// timeouts; not 429s, which say the endpoint is alive but busy), and lets one trial request through
/// after <c>breakDuration</c>. The trial's success closes it; its failure opens it again.
/// </summary>
internal sealed class CircuitBreaker(int threshold, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private CircuitState _state = CircuitState.Closed;
    private DateTimeOffset _openUntil;
    private bool _trialOut;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open && time.GetUtcNow() >= _openUntil ? CircuitState.HalfOpen : _state;
            }
        }
    }

    /// <summary>When an open circuit lets a trial through; null when it is not open.</summary>
    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_gate)
            {
                return _state == CircuitState.Open ? _openUntil : null;
            }
        }
    }

    /// <summary>May a request go now? In half-open, only one at a time (the trial).</summary>
    public bool CanSend()
    {
        lock (_gate)
        {
            return _state switch
            {
                CircuitState.Closed => true,
                CircuitState.Open => time.GetUtcNow() >= _openUntil && !_trialOut,
                _ => !_trialOut,
            };
        }
    }

    /// <summary>A request is leaving; in half-open (or an open circuit whose break is over) it is the trial.</summary>
    public void OnSend()
    {
        lock (_gate)
        {
            if (_state == CircuitState.Open && time.GetUtcNow() >= _openUntil)
            {
                _state = CircuitState.HalfOpen;
            }

            if (_state == CircuitState.HalfOpen)
            {
                _trialOut = true;
            }
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            _failures = 0;
            _trialOut = false;
            _state = CircuitState.Closed;
        }
    }

    /// <summary>A request that proves nothing either way (cancelled, 429) ends: a trial may go again.</summary>
    public void OnNeutral()
    {
        lock (_gate)
        {
            _trialOut = false;
        }
    }

    /// <summary>Returns whether this failure opened the circuit.</summary>
    public bool OnFailure()
    {
        lock (_gate)
        {
            _failures++;
            var wasTrial = _state == CircuitState.HalfOpen;
            _trialOut = false;
            if (wasTrial || (_state == CircuitState.Closed && _failures >= threshold))
            {
                _state = CircuitState.Open;
                _openUntil = time.GetUtcNow() + breakDuration;
                return true;
            }

            return false;
        }
    }
}
