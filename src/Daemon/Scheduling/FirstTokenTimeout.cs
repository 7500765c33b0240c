namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// How long an endpoint may stay silent (before its first token, or between two chunks) before the attempt is taken for
/// hung and cut: a multiple of its slow first tokens lately (a maximum that decays as faster ones come), within
/// [<see cref="Floor"/>, the configured ceiling]. Until a few answers are seen, the ceiling; so with the defaults a hung
/// request costs seconds once the endpoint is known, and a slow endpoint is given what it has shown it needs.
/// Reasoning deltas are tokens: a model that thinks aloud for minutes is never silent for long.
/// </summary>
internal sealed class FirstTokenTimeout(TimeSpan ceiling)
{
    public static readonly TimeSpan Floor = TimeSpan.FromSeconds(5);

    private const double Multiple = 8;
    private const int Warmup = 4;
    private const double Decay = 0.98;

    private readonly Lock _gate = new();
    private double _slowSeconds;
    private int _samples;

    public TimeSpan Ceiling => ceiling;

    public TimeSpan Current
    {
        get
        {
            lock (_gate)
            {
                if (_samples < Warmup)
                {
                    return ceiling;
                }

                var adaptive = TimeSpan.FromSeconds(_slowSeconds * Multiple);
                var floor = Floor < ceiling ? Floor : ceiling;
                return adaptive < floor ? floor : adaptive > ceiling ? ceiling : adaptive;
            }
        }
    }

    public void Observe(TimeSpan firstToken)
    {
        lock (_gate)
        {
            _samples++;
            _slowSeconds = Math.Max(firstToken.TotalSeconds, _slowSeconds * Decay);
        }
    }
}
