namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Where a .NET pipe name lives on this OS, and the per-user default name.</summary>
internal static class PipeNames
{
    /// <summary>Per user, so two people on one machine each get their own daemon.</summary>
    public static string Default() => "batchai-" + new string(Environment.UserName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    /// <summary>
    /// On Unix .NET maps pipe "x" to the Unix socket "$TMPDIR/CoreFxPipe_x" (Path.GetTempPath honours TMPDIR, "/tmp" when unset).
    /// On Windows it is a real named pipe.
    /// </summary>
    public static string SocketPath(string name)
    {
        Validate(name);
        return OperatingSystem.IsWindows() ? @"\\.\pipe\" + name : Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + name);
    }

    /// <summary>The file whose exclusive lock means "a daemon serves this name".</summary>
    public static string LockPath(string name)
    {
        Validate(name);
        return OperatingSystem.IsWindows()
            ? Path.Combine(Path.GetTempPath(), "batchai-pipe-" + name + ".lock")
            : SocketPath(name) + ".lock";
    }

    // A separator would put the socket and lock outside the temp directory.
    private static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"Pipe name '{name}' must not contain '/', '\\' or NUL.", nameof(name));
        }
    }
}
