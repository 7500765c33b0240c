namespace BatchAi.Daemon.Jobs;

/// <summary>Why a run is stopping, in rising order of urgency: a later, stronger reason wins.</summary>
internal enum StopReason
{
    None = 0,

    /// <summary>A client paused: stop sending, let requests in flight finish for a grace period.</summary>
    Pause = 1,

    /// <summary>An offline job's rows are in the ledger: it waits, paused, for <c>importResults</c>, saying so.</summary>
    Offline = 2,

    /// <summary>The job spent its budget: pause as a client would (answers in flight land and are kept), saying which limit and how to raise it.</summary>
    Budget = 3,

    /// <summary>The ledger cannot be written (locked by another process, disk full): pause, and resume by itself once it can.</summary>
    LedgerFault = 4,

    /// <summary>The provider refused the key, or said a quota is spent for the day: pause with that message; rows in flight are returned.</summary>
    KeyRefused = 5,

    /// <summary>The daemon is stopping: abandon requests in flight; the job is interrupted and resumes later.</summary>
    Shutdown = 6,

    /// <summary>A client cancelled: abandon requests in flight and write what is done.</summary>
    Cancel = 7,
}
