using System.Globalization;

namespace BatchAi.Bench;

/// <summary>A process's resident memory (VmRSS in /proc/PID/status) and open handles (entries of /proc/PID/fd). Linux only.</summary>
internal readonly record struct ProcessProbe(long ResidentMb, int Handles)
{
    public static ProcessProbe Read(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcessProbe(kilobytes / 1024, Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);
    }

    /// <summary>The six commonest kinds of open handle ("socket", "pipe", "file ledger.db"), to see what a growing count is made of.</summary>
    public static string HandleKinds(int pid) => string.Join(", ", Directory.GetFileSystemEntries($"/proc/{pid}/fd")
        .Select(fd => new FileInfo(fd).LinkTarget ?? "?")
        .Select(target => target.StartsWith('/') ? "file " + Path.GetFileName(target) : target.Split(':')[0] is var kind && kind is "socket" or "pipe" ? kind : target)
        .GroupBy(kind => kind)
        .OrderByDescending(g => g.Count())
        .Take(6)
        .Select(g => $"{g.Key} {g.Count()}"));

    public static ProcessProbe Max(ProcessProbe a, ProcessProbe b) => new(Math.Max(a.ResidentMb, b.ResidentMb), Math.Max(a.Handles, b.Handles));
}
