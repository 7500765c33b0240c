namespace BatchAi.Daemon.Tests.Scheduling;

/// <summary>
/// A provider's request limit, modelled for policy tests on the fake clock: a sliding window log (N in any W; reset
/// stated as the time until the window is clear, as OpenAI defines it, or until its oldest request leaves) or a token
/// bucket refilled continuously (OpenAI's and Anthropic's per-minute limits). Says what headers the answer carries.
/// </summary>
internal sealed class WindowServerModel(int limit, TimeSpan window, WindowServerModel.Kind kind)
{
    private readonly Queue<DateTimeOffset> _log = new();
    private double _tokens = limit;
    private DateTimeOffset _refilled;

    public enum Kind
    {
        SlidingUntilClear,
        SlidingUntilOldestLeaves,
        TokenBucket,
    }

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>A request arrives: accepted or not, the headers' limit, remaining and reset, and a refusal's Retry-After.</summary>
    public (bool Accepted, int Limit, int Remaining, TimeSpan Reset, TimeSpan RetryAfter) Arrive(DateTimeOffset now)
    {
        if (kind == Kind.TokenBucket)
        {
            var rate = limit / window.TotalSeconds;
            _tokens = _refilled == default ? limit : Math.Min(limit, _tokens + ((now - _refilled).TotalSeconds * rate));
            _refilled = now;
            var ok = _tokens >= 1;
            if (ok)
            {
                _tokens -= 1;
            }

            Count(ok);
            return (ok, limit, (int)Math.Floor(_tokens), TimeSpan.FromSeconds((limit - _tokens) / rate), TimeSpan.FromSeconds((1 - _tokens) / rate));
        }

        while (_log.Count > 0 && _log.Peek() <= now - window)
        {
            _log.Dequeue();
        }

        var accepted = _log.Count < limit;
        if (accepted)
        {
            _log.Enqueue(now);
        }

        Count(accepted);
        var reset = _log.Count == 0 ? TimeSpan.Zero
            : kind == Kind.SlidingUntilClear ? _log.Last() + window - now : _log.Peek() + window - now;
        return (accepted, limit, limit - _log.Count, reset, _log.Peek() + window - now);
    }

    private void Count(bool accepted)
    {
        if (accepted)
        {
            Accepted++;
        }
        else
        {
            Refused++;
        }
    }
}
