namespace BatchAi.Daemon.Hosting;

/// <summary>Another batchai process holds the data directory.</summary>
internal sealed class DataDirectoryInUseException(string message, Exception inner) : Exception(message, inner);
