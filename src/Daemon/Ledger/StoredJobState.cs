namespace BatchAi.Daemon.Ledger;

/// <summary>
/// Where a job stands, as the ledger stores it (<c>jobs.state</c>, the lower-camel-case name, e.g. <c>"running"</c>). The
/// ledger's own type, so the stored strings do not follow the wire by accident; Jobs/JobStates maps it to the protocol's.
/// </summary>
internal enum StoredJobState
{
    Queued,
    Running,
    ProviderUnavailable,
    Paused,
    Completed,
    Failed,
    Cancelled,
    Interrupted,
}
