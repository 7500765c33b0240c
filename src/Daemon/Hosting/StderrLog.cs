using System.Globalization;

namespace BatchAi.Daemon.Hosting;

/// <summary>The daemon's log: stderr only, since stdout is the protocol in stdio mode. Never given a key.</summary>
internal static class StderrLog
{
    public static bool Quiet { get; set; }

    public static void Write(string message)
    {
        if (!Quiet)
        {
            Console.Error.WriteLine($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} batchai: {message}");
        }
    }
}
