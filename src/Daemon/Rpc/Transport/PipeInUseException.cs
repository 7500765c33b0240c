namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Another daemon holds the pipe name's lock. Its socket was left untouched.</summary>
internal sealed class PipeInUseException(string name, string socketPath, Exception? inner = null)
    : IOException($"Another batchai daemon is already serving pipe '{name}' (socket {socketPath}). Stop it, or choose another name with --pipe NAME.", inner)
{
    public string PipeName { get; } = name;

    public string SocketPath { get; } = socketPath;
}
