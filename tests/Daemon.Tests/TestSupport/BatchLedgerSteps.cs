using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>A batch file as a batch job leaves it once written and sent: recorded, then its rows marked submitted.</summary>
internal static class BatchLedgerSteps
{
    public static async Task RecordMarkedAsync(this BatchLedger batches, BatchFileRecord file, DateTimeOffset at)
    {
        await batches.RecordAsync(file, at);
        await batches.MarkRowsAsync(file);
    }
}
