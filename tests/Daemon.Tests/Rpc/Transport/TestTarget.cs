namespace BatchAi.Daemon.Tests.Rpc.Transport;

internal enum JobState
{
    Queued,
    Running,
}

internal sealed record StartJobParams(string DatasetPath, int MaxRows);

internal sealed record JobStarted(string JobId, JobState State, string? Note);

internal sealed record AddParams(int Left, int Right);

/// <summary>A small RPC target in the daemon's shape: one parameter object per method, names ending in Async.</summary>
internal sealed class TestTarget
{
    public Task<JobStarted> StartJobAsync(StartJobParams p) => Task.FromResult(new JobStarted($"{p.DatasetPath}#{p.MaxRows}", JobState.Running, Note: null));

    public int Add(AddParams p) => p.Left + p.Right;
}
