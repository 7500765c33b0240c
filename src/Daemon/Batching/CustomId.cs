using System.Globalization;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// A batch line's <c>custom_id</c>: <c>JOBID:ROW</c>, the job and the row's index in the input. It names the job so that a
/// result line is refused when it is another job's (an output file imported into the wrong job), and the row so that it is
/// folded into exactly one record. A job id never holds a colon, so the last colon splits it.
/// </summary>
internal static class CustomId
{
    public static string Format(string jobId, long index) => string.Create(CultureInfo.InvariantCulture, $"{jobId}:{index}");

    /// <summary>The job and row a custom_id names, or false when it is not of this form.</summary>
    public static bool TryParse(string? customId, out string jobId, out long index)
    {
        jobId = "";
        index = -1;
        var colon = customId?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !long.TryParse(customId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out index))
        {
            return false;
        }

        jobId = customId![..colon];
        return true;
    }
}
