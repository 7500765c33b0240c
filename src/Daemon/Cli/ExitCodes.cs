namespace BatchAi.Daemon.Cli;

/// <summary>The CLI's exit codes, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Every row answered.</summary>
    public const int Success = 0;

    /// <summary>A bad command line, input file or setting: nothing was sent.</summary>
    public const int BadInput = 1;

    /// <summary>The job finished but some rows failed; they are in the output with their error.</summary>
    public const int RowsFailed = 2;

    /// <summary>The job itself failed or was cancelled.</summary>
    public const int JobFailed = 3;

    /// <summary>Another process holds the data directory or the pipe.</summary>
    public const int InUse = 4;

    /// <summary>No daemon answers on the pipe given with <c>--pipe</c>, or the daemon went away mid-command.</summary>
    public const int DaemonUnreachable = 5;

    /// <summary>The job paused because it spent its budget; nothing is lost, and <c>batchai resume ID --budget-tokens N</c> (or <c>--budget-cost X</c>) goes on.</summary>
    public const int BudgetReached = 6;

    /// <summary>Stopped by Ctrl+C or a signal; the job is interrupted and resumes where it stopped.</summary>
    public const int Interrupted = 130;
}
