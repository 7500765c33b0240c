namespace BatchAi.Daemon.Ledger;

/// <summary>A row's state in the ledger, stored as its number.</summary>
internal enum RowState
{
    Pending = 0,
    InFlight = 1,
    Done = 2,
    Failed = 3,
    Skipped = 4,
}
