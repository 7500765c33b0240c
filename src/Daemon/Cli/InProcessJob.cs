using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>The settings of a daemon the CLI runs in its own process when no daemon serves its data directory.</summary>
internal static class InProcessJob
{
    /// <summary>
    /// Never resumes interrupted jobs at start-up, whatever <c>BATCHAI_RESUME_INTERRUPTED</c> says: this daemon lives only as long as one command,
    /// so <c>batchai jobs</c> must not take up other jobs only to interrupt them again a moment later.
    /// </summary>
    public static DaemonSettings Settings => DaemonEnvironment.Apply(new DaemonSettings { PauseGrace = TimeSpan.FromSeconds(3) }) with { ResumeInterrupted = false };
}
