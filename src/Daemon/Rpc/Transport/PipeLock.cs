namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// Guards a pipe name: on Linux a second NamedPipeServerStream on the same name silently unlinks and replaces the first daemon's socket,
/// so nothing in .NET itself would tell us the name is taken.
/// </summary>
internal static class PipeLock
{
    /// <summary>
    /// Opens the lock file with FileShare.None, which on Unix is an flock(LOCK_EX|LOCK_NB): held while the FileStream is open,
    /// released by the kernel if the process is killed, so a crash never leaves the name locked.
    /// The file itself is never deleted: deleting a lock file lets a racing opener lock the orphaned inode while a third process locks a new one.
    /// </summary>
    public static FileStream Acquire(string name)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(PipeNames.LockPath(name), options);
        }
        catch (IOException ex) when (IsLockConflict(ex))
        {
            throw new PipeInUseException(name, PipeNames.SocketPath(name), ex);
        }
    }

    // .NET reports the raw errno on Unix (EWOULDBLOCK: 11 Linux, 35 macOS) and a sharing/lock violation HRESULT on Windows.
    // Anything else (permissions, disk) is a different problem and keeps its own exception.
    private static bool IsLockConflict(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && ex.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}
