namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>What Linux says about a process: its memory (from /proc/PID/status) and its open handles (/proc/PID/fd).</summary>
internal static class ProcStatus
{
    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public static long ResidentBytes(int pid) => Field(pid, "VmRSS:");

    /// <summary>The highest resident memory the process ever had (VmHWM), in bytes: catches a transient peak between two samples.</summary>
    public static long PeakResidentBytes(int pid) => Field(pid, "VmHWM:");

    public static int OpenHandles(int pid) => Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;

    private static long Field(int pid, string name)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal));

        // e.g. "VmRSS:\t   81234 kB"
        var kilobytes = long.Parse(line[name.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
