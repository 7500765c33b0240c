namespace BatchAi.Daemon.Hosting;

/// <summary>
/// One process per data directory: two daemons sharing a ledger would each take the other's running
/// jobs for orphans. The lock is an exclusive open (an flock on Unix), released by the OS when the process dies.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "daemon.lock";

    private readonly FileStream _file;

    private DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }

            return new DataDirectoryLock(file);
        }
        catch (IOException e)
        {
            throw new DataDirectoryInUseException(
                $"The data directory {dataDirectory} is in use by another batchai process. Talk to that daemon, stop it, or choose another --data-dir.", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
