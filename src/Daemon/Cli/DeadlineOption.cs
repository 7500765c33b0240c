using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Cli;

/// <summary><c>run --deadline</c>: an ISO 8601 time (UTC unless it names an offset), or a duration from now such as <c>90m</c>, <c>6h</c> or <c>2d</c>.</summary>
internal static partial class DeadlineOption
{
    public static Option<DateTimeOffset?> Create() => new("--deadline")
    {
        Description = "With --mode auto: when the answers are needed, as an ISO 8601 time (2026-12-08T09:00Z) or a duration from now (90m, 6h, 2d). "
            + "If the completion window ends before it, every row goes by batch; otherwise rows go online and those online cannot finish by then go by batch.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            if (Parse(text, DateTimeOffset.UtcNow) is { } deadline)
            {
                return deadline;
            }

            result.AddError($"--deadline must be an ISO 8601 time such as 2026-12-08T09:00Z or a duration such as 90m, 6h or 2d (got '{text}').");
            return null;
        },
    };

    /// <summary>The deadline <paramref name="text"/> names, from <paramref name="now"/> for a duration; null when it names none.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now)
    {
        if (Duration().Match(text.Trim()) is { Success: true } match)
        {
            var count = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return now + match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(count),
                "m" => TimeSpan.FromMinutes(count),
                "h" => TimeSpan.FromHours(count),
                _ => TimeSpan.FromDays(count),
            };
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && text.Contains('T', StringComparison.Ordinal)
            ? time
            : null;
    }

    [GeneratedRegex("^([0-9]+(?:\\.[0-9]+)?)([smhd])$")]
    private static partial Regex Duration();
}
