namespace BatchAi.Simulator.Faults;

/// <summary>Which of the simulator's limits refused a request.</summary>
internal enum LimitKind
{
    Requests,
    Tokens,
    InputTokens,
    OutputTokens,
}
