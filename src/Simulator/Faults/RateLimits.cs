namespace BatchAi.Simulator.Faults;

/// <summary>
/// The request and token limits of <see cref="SimulatorOptions"/>, each a sliding window over <see cref="SimulatorOptions.RateLimitWindow"/>
/// (the request limit over a minute when only <see cref="SimulatorOptions.RequestsPerMinute"/> is set). A request is let in only
/// when every limit has room, and then takes from all of them at once.
/// </summary>
internal sealed class RateLimits
{
    private readonly SlidingWindow _requests = new();
    private readonly SlidingWindow _tokens = new();
    private readonly SlidingWindow _input = new();
    private readonly SlidingWindow _output = new();
    private readonly Lock _gate = new();

    public LimitDecision TryAcquire(SimulatorOptions options, int inputTokens, int outputTokens, DateTimeOffset now)
    {
        var requestLimit = options.RequestLimit;
        var window = options.RateLimitWindow;
        var total = inputTokens + outputTokens;
        lock (_gate)
        {
            LimitKind? refusedBy =
                requestLimit is { } r && !_requests.Fits(r.Limit, r.Window, 1, now) ? LimitKind.Requests
                : options.TokensPerWindow is { } t && !_tokens.Fits(t, window, total, now) ? LimitKind.Tokens
                : options.InputTokensPerWindow is { } i && !_input.Fits(i, window, inputTokens, now) ? LimitKind.InputTokens
                : options.OutputTokensPerWindow is { } o && !_output.Fits(o, window, outputTokens, now) ? LimitKind.OutputTokens
                : null;
            if (refusedBy is null)
            {
                if (requestLimit is not null)
                {
                    _requests.Take(1, now);
                }
                if (options.TokensPerWindow is not null)
                {
                    _tokens.Take(total, now);
                }
                if (options.InputTokensPerWindow is not null)
                {
                    _input.Take(inputTokens, now);
                }
                if (options.OutputTokensPerWindow is not null)
                {
                    _output.Take(outputTokens, now);
                }
            }
            return new LimitDecision(
                refusedBy,
                requestLimit is { } rl ? _requests.State(rl.Limit, rl.Window, now) : null,
                options.TokensPerWindow is { } tl ? _tokens.State(tl, window, now, total) : null,
                options.InputTokensPerWindow is { } il ? _input.State(il, window, now, inputTokens) : null,
                options.OutputTokensPerWindow is { } ol ? _output.State(ol, window, now, outputTokens) : null);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _requests.Reset();
            _tokens.Reset();
            _input.Reset();
            _output.Reset();
        }
    }
}
