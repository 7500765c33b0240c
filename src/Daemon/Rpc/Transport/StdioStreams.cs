namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// The raw stdin/stdout streams for stdio mode. In that mode stdout carries the protocol, so nothing else may write to it:
/// never use Console.Out/Console.WriteLine; diagnostics go to stderr.
/// </summary>
internal static class StdioStreams
{
    /// <summary>
    /// Opens the raw standard streams and points Console.Out at stderr, so a stray Console.WriteLine lands in the log instead of corrupting a frame.
    /// The returned output stream writes to fd 1 directly and is unaffected by the redirect.
    /// </summary>
    public static (Stream Input, Stream Output) Open()
    {
        Stream input = Console.OpenStandardInput();
        Stream output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        return (input, output);
    }
}
