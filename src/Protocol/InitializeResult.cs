namespace BatchAi.Protocol;

/// <summary>Result of <c>initialize</c>.</summary>
/// <param name="DaemonVersion">The daemon's version.</param>
/// <param name="ProtocolVersion">The protocol version the daemon speaks (<see cref="ProtocolInfo.Version"/>).</param>
/// <param name="Capabilities">What this daemon can do.</param>
/// <param name="DataDirectory">Where this daemon keeps its SQLite ledger.</param>
/// <param name="Notices">What the daemon found at start-up that a person should know, e.g. a damaged ledger moved aside.</param>
public sealed record InitializeResult(string DaemonVersion, int ProtocolVersion, Capabilities Capabilities, string DataDirectory, IReadOnlyList<string>? Notices = null);
