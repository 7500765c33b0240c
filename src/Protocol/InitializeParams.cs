namespace BatchAi.Protocol;

/// <summary>Parameters of <c>initialize</c>.</summary>
/// <param name="ClientName">A name for logs, e.g. <c>vscode</c> or <c>python</c>.</param>
/// <param name="ClientVersion">The client's version, for logs.</param>
/// <param name="ProtocolVersion">The protocol version the client speaks; the daemon answers with its own.</param>
public sealed record InitializeParams(string? ClientName = null, string? ClientVersion = null, int? ProtocolVersion = null);
