namespace BatchAi.Bench;

/// <summary>One row of the fault matrix; null figures do not apply to the cell.</summary>
/// <param name="FaultFreeSeconds">The same job without the fault, or the ideal time where the cell says so.</param>
internal sealed record FaultCellResult(
    string Cell,
    int Rows,
    double? FaultedSeconds,
    double? FaultFreeSeconds,
    double? LimitShare,
    double? RateLimitedShare,
    long? RowsFailed,
    bool? Exact,
    string Note)
{
    public string TableRow()
    {
        var ratio = FaultedSeconds is { } f && FaultFreeSeconds is { } b && b > 0 ? $"{f / b:0.0}x" : "-";
        return $"| {Cell} | {Rows:N0} | {Seconds(FaultedSeconds)} | {Seconds(FaultFreeSeconds)} | {ratio} | {Percent(LimitShare)} | {Percent(RateLimitedShare)} | "
            + $"{(RowsFailed is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")} | {(Exact is { } e ? (e ? "yes" : "no") : "-")} | {Note} |";
    }

    private static string Seconds(double? s) => s is { } v ? $"{v:0.0}" : "-";

    private static string Percent(double? p) => p is { } v ? $"{v:P1}" : "-";
}
