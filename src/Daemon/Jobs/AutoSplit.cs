using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The rule by which an <c>auto</c> job (<see cref="Protocol.Jobs.JobModes.Auto"/>) splits its rows between the online path and
/// the provider's Batch API:
/// <list type="number">
/// <item>With a deadline that the completion window fits before (now + window ≤ deadline), every row goes by batch.</item>
/// <item>Otherwise the rows go online, in input order, and every <see cref="Every"/> the job asks how many of the rows the
/// online path still holds it can finish within the horizon: <see cref="Share"/> × rate × horizon, where the horizon is the time
/// left until the deadline or, without one, the completion window (the time a batch may take: a row that online would not
/// answer sooner is as well sent by batch, at half the price). The rows past that many, counted from the online path's place,
/// are handed to the batch side: the batch side takes rows from the END of the input, so online goes on in order.</item>
/// <item>The rate is the endpoints' learned (or configured) limits, summed over the pool: per endpoint the least of its request
/// pace and its token paces divided by a row's tokens so far. While any endpoint states no limit, it is the rate the endpoints
/// answered at over the last 10 s; while neither is known (nothing answered yet), nothing is decided and the rows go online.</item>
/// <item>Rows handed to the batch side are never taken back, even when online drains early: they are paid for in their batch.</item>
/// </list>
/// </summary>
internal static class AutoSplit
{
    /// <summary>How often the split is looked at again.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    /// <summary>The share of the rate counted on: retries, re-asks and the last rows' latency take the rest.</summary>
    public const double Share = 0.9;

    /// <summary>Whether every row goes by batch: the completion window ends by the deadline.</summary>
    public static bool AllByBatch(DateTimeOffset now, TimeSpan window, DateTimeOffset? deadline) => deadline is { } d && now + window <= d;

    /// <summary>How long the online path has: until the deadline (nothing once it has passed), else the completion window.</summary>
    public static TimeSpan Horizon(DateTimeOffset now, TimeSpan window, DateTimeOffset? deadline) =>
        deadline is { } d ? (d > now ? d - now : TimeSpan.Zero) : window;

    /// <summary>How many rows the online path may keep: what it finishes within <paramref name="horizon"/> at <paramref name="rowsPerSecond"/>.</summary>
    public static long Keep(double rowsPerSecond, TimeSpan horizon) =>
        (long)Math.Floor(Math.Max(0, rowsPerSecond) * Share * Math.Max(0, horizon.TotalSeconds));

    /// <summary>
    /// Rows a second the endpoints allow: the sum of each endpoint's <see cref="RowsPerSecond(EndpointRoom, RowCost?)"/>; null when
    /// any endpoint states no limit (it may take more than any figure we could add up).
    /// </summary>
    public static double? RowsPerSecond(IEnumerable<EndpointRoom> endpoints, RowCost? cost)
    {
        var sum = 0.0;
        foreach (var endpoint in endpoints)
        {
            if (RowsPerSecond(endpoint, cost) is not { } rate)
            {
                return null;
            }

            sum += rate;
        }

        return sum > 0 ? sum : null;
    }

    /// <summary>One endpoint's rows a second: the least of its paces, token paces counted only once a row's tokens are known.</summary>
    public static double? RowsPerSecond(EndpointRoom room, RowCost? cost)
    {
        double? least = room.RequestsPerMinute;
        if (cost is { } c)
        {
            least = Least(least, room.TokensPerMinute, c.Prompt + c.Completion);
            least = Least(least, room.InputTokensPerMinute, c.Prompt);
            least = Least(least, room.OutputTokensPerMinute, c.Completion);
        }

        return least / 60;
    }

    /// <summary>What an endpoint's paces allow, per minute (null where it has none).</summary>
    public static EndpointRoom Room(Endpoint endpoint) =>
        new(endpoint.Requests.PerMinute, endpoint.Tokens.PerMinute, endpoint.InputTokens.PerMinute, endpoint.OutputTokens.PerMinute);

    private static double? Least(double? least, double? perMinute, double perRow) =>
        perMinute is not { } limit || perRow <= 0 ? least : least is { } l ? Math.Min(l, limit / perRow) : limit / perRow;
}

/// <summary>An endpoint's paces per minute, learned from its headers or configured; null where it has none.</summary>
internal readonly record struct EndpointRoom(double? RequestsPerMinute, double? TokensPerMinute = null, double? InputTokensPerMinute = null,
    double? OutputTokensPerMinute = null);

/// <summary>A row's tokens on average so far.</summary>
internal readonly record struct RowCost(double Prompt, double Completion);
