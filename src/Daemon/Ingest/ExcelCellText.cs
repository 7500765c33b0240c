using System.Globalization;

namespace BatchAi.Daemon.Ingest;

/// <summary>Renders a spreadsheet cell the way a person sees it in Excel, independent of the machine's culture.</summary>
internal static class ExcelCellText
{
    // Beyond this a double no longer holds every integer exactly; print it as Excel would, in its shortest form.
    private const double MaxExactInteger = 9_007_199_254_740_992d;

    public static string? Render(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        bool flag => flag ? "TRUE" : "FALSE",
        double number => Number(number),
        float number => Number(number),
        DateTime date => Date(date),
        TimeSpan time => time.ToString(time.Days == 0 ? @"hh\:mm\:ss" : @"d\.hh\:mm\:ss", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Number(double number) =>
        double.IsInteger(number) && Math.Abs(number) <= MaxExactInteger
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);

    private static string Date(DateTime date)
    {
        // Excel's day zero: a time-only cell (format h:mm) arrives dated 1899-12-30/31.
        if (date.Year == 1899 && date.TimeOfDay != TimeSpan.Zero)
        {
            return date.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
