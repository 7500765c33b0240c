namespace BatchAi.Daemon.Scheduling;

/// <summary>Whether an endpoint takes requests: closed (yes), open (no, it kept failing), half-open (one trial request).</summary>
internal enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
