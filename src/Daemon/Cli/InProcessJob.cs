using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>The settings of a daemon the CLI runs in its own process when no daemon serves its data directory.</summary>
internal static class InProcessJob
{
    public static DaemonSettings Settings => DaemonEnvironment.Apply(new DaemonSettings { PauseGrace = TimeSpan.FromSeconds(3) });
}
