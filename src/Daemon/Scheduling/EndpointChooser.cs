namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// Picks where the next request goes: among endpoints that may send now (circuit not open, not
/// cooling down after a spent limit, under their concurrency limit, with a request and the estimated tokens
/// in their paces), the one with the most free capacity: the fewest requests outstanding per unit
/// of weight. When none may send, says how long until one may by the clock alone (null: only a
/// request finishing can free one).
/// </summary>
internal static class EndpointChooser
{
    public static Endpoint? Choose(IReadOnlyList<Endpoint> endpoints, DateTimeOffset now, (int Prompt, int Completion) cost, out TimeSpan? wait)
    {
        Endpoint? best = null;
        var bestLoad = double.MaxValue;
        wait = null;
        foreach (var endpoint in endpoints)
        {
            if (endpoint.InFlight >= endpoint.Concurrency)
            {
                continue;
            }

            var until = TimeSpan.Zero;
            if (!endpoint.Breaker.CanSend())
            {
                if (endpoint.Breaker.OpenUntil is not { } open)
                {
                    continue; // a trial is out: only its end changes anything
                }

                until = Max(until, open - now);
            }

            until = Max(until, endpoint.CooldownUntil - now);
            until = Max(until, endpoint.PaceWait(cost.Prompt, cost.Completion));
            if (until > TimeSpan.Zero)
            {
                wait = wait is { } w && w <= until ? w : until;
                continue;
            }

            var load = (endpoint.InFlight + 1) / endpoint.Weight;
            if (load < bestLoad)
            {
                best = endpoint;
                bestLoad = load;
            }
        }

        return best;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
