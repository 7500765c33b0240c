namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>getRows</c>: one page of a job's rows, in input order, straight from the ledger.</summary>
/// <param name="JobId">The job.</param>
/// <param name="State">Only rows in this state: <c>pending</c>, <c>inFlight</c>, <c>done</c>, <c>failed</c> or <c>skipped</c>; default every row.</param>
/// <param name="From">The first row index to consider (0-based, as <c>row</c> in notifications); default 0. Pass the previous page's <c>next</c> to go on.</param>
/// <param name="Limit">The most rows to return, 1 to <see cref="MaxLimit"/>; default <see cref="DefaultLimit"/>.</param>
public sealed record GetRowsParams(string JobId, string? State = null, long? From = null, int? Limit = null)
{
    /// <summary>Rows per page when <see cref="Limit"/> is not given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The most rows one call returns: a page stays a few hundred kilobytes at most.</summary>
    public const int MaxLimit = 1000;
}
