using System.Globalization;
using System.Text.RegularExpressions;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A batch's completion window as the Batch APIs spell it (<c>24h</c>; some providers take longer ones, e.g. DashScope up to
/// <c>336h</c>), and how long a batch job is likely to take: the window at most, less when this endpoint's last batches
/// all finished sooner.
/// </summary>
internal static partial class BatchWindow
{
    /// <summary>OpenAI's only window, and the default of every provider that copies its Batch API.</summary>
    public const string Default = "24h";

    /// <summary>How many of the endpoint's latest batches the estimate looks at: enough to see a slow one, few enough to follow a change.</summary>
    public const int RecentBatches = 5;

    /// <summary>The window as a duration; a spelling that is not a number and a unit (s, m, h, d) is refused naming <paramref name="field"/>.</summary>
    public static TimeSpan Parse(string? window, string field)
    {
        var match = Spelling().Match(window ?? Default);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount is < 1 or > 100_000)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField,
                $"{field} must be a duration as the Batch API spells it, such as \"24h\" (a number, then s, m, h or d); got \"{window}\".", new RefusedAt(Field: field));
        }

        return match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
    }

    /// <summary>
    /// Seconds a batch job at <paramref name="baseUrl"/> is likely to take: the longest of the endpoint's last few batches
    /// (their batches run side by side at the provider, so the slowest is the job's time), never more than the window, since
    /// the provider expires what it has not answered by then; the window itself when the endpoint has no batch yet.
    /// </summary>
    public static double Seconds(LedgerReader reader, string baseUrl, TimeSpan window)
    {
        var recent = reader.RecentBatchDurations(baseUrl, RecentBatches);
        var likely = recent.Count == 0 ? window : TimeSpan.FromTicks(Math.Min(window.Ticks, recent.Max(d => d.Ticks)));
        return Math.Round(likely.TotalSeconds, 1);
    }

    [GeneratedRegex(@"^\s*(\d+)\s*([smhd])\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Spelling();
}
