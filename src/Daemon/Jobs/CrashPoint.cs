using System.Diagnostics;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// For the end-to-end tests only: a daemon started with <c>BATCHAI_TEST_CRASH_AT=NAME</c> kills itself (SIGKILL, as a user's
/// kill -9 or a power cut would) the first time it reaches the point so named, so a test can stop it at an exact step of a
/// batch job without sleeping. Unset, as it always is outside the tests, every point is a no-op.
/// </summary>
internal static class CrashPoint
{
    public const string Variable = "BATCHAI_TEST_CRASH_AT";

    /// <summary>The first request file whole on disk (the next perhaps being written), none recorded in the ledger: the rows are still pending.</summary>
    public const string Written = "batch-written";

    /// <summary>The first file recorded, its rows not yet marked submitted, nothing uploaded.</summary>
    public const string Recorded = "batch-recorded";

    /// <summary>A file's upload reached the provider; its file id is not recorded.</summary>
    public const string Uploaded = "batch-uploaded";

    /// <summary>A batch's create reached the provider; its batch id is not recorded.</summary>
    public const string Created = "batch-created";

    /// <summary>A poll found a batch in progress and stored it.</summary>
    public const string Polled = "batch-polled";

    /// <summary>A batch's output file is folded into the ledger; the batch is not marked folded.</summary>
    public const string Folding = "batch-folding";

    private static readonly string? At = Environment.GetEnvironmentVariable(Variable);

    public static void Reach(string name)
    {
        if (At is not null && string.Equals(At, name, StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"{Variable}: killed at {name}");
            Process.GetCurrentProcess().Kill();
        }
    }
}
