namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The jobs' side of the daemon, as a connection sees it: the lifecycle (<see cref="JobManager"/>: start, pause, resume,
/// cancel, retry, recovery) and the features that stand beside it, each in its own type.
/// </summary>
internal sealed record JobFeatures(JobManager Jobs, ProfileStore Profiles, JobEstimator Estimator, JobExports Exports, JobRows Rows, JobBatchFiles BatchFiles);
