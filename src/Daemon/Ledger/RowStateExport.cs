using BatchAi.Daemon.Export;

namespace BatchAi.Daemon.Ledger;

/// <summary>A stored row's state as the exports tell rows apart (the dataset card counts failed, skipped and unanswered rows).</summary>
internal static class RowStateExport
{
    public static ExportRowState ForExport(this RowState state) => state switch
    {
        RowState.Done => ExportRowState.Answered,
        RowState.Failed => ExportRowState.Failed,
        RowState.Skipped => ExportRowState.Skipped,
        _ => ExportRowState.Unanswered,
    };
}
