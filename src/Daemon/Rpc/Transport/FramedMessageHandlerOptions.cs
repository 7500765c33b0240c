namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Limits and diagnostics for <see cref="FramedMessageHandler"/>.</summary>
internal sealed record FramedMessageHandlerOptions
{
    public const int DefaultMaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>A frame whose Content-Length exceeds this is answered with an error and the connection is closed, without reading the body.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>A header block longer than this (no blank line yet) is treated as garbage and closes the connection, so a peer that never sends "\r\n\r\n" cannot make us buffer forever.</summary>
    public int MaxHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>Receives one-line diagnostics (rejected frames, resynchronisation). Must not write to stdout: in stdio mode stdout is the protocol.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called after a result (a reply to a request) has been flushed to the peer.</summary>
    public Action? ResultFlushed { get; init; }
}
