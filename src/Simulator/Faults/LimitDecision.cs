namespace BatchAi.Simulator.Faults;

/// <summary>The outcome of one check against every configured limit, with each limit's window as it stands after it.</summary>
internal readonly record struct LimitDecision(LimitKind? RefusedBy, WindowState? Requests, WindowState? Tokens, WindowState? InputTokens, WindowState? OutputTokens)
{
    public bool Allowed => RefusedBy is null;

    /// <summary>How long until the limit that refused has room again.</summary>
    public TimeSpan RetryAfter => RefusedBy switch
    {
        LimitKind.Requests => Requests!.Value.UntilRoom,
        LimitKind.Tokens => Tokens!.Value.UntilRoom,
        LimitKind.InputTokens => InputTokens!.Value.UntilRoom,
        LimitKind.OutputTokens => OutputTokens!.Value.UntilRoom,
        _ => TimeSpan.Zero,
    };
}
