namespace BatchAi.Daemon.Export;

/// <summary>
/// What became of a row, as far as an export must tell them apart: a dataset for the Hub keeps only answered rows and counts
/// the others by kind, which the error text alone cannot say.
/// </summary>
internal enum ExportRowState
{
    Answered,
    Failed,
    Skipped,

    /// <summary>Pending or in flight: the job stopped before the row was sent or answered.</summary>
    Unanswered,
}
