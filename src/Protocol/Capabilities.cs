namespace BatchAi.Protocol;

/// <summary>What a daemon can do, so a client can adapt without probing.</summary>
/// <param name="InputFormats">File extensions the daemon reads, e.g. <c>csv</c>.</param>
/// <param name="OutputFormats">Output formats, e.g. <c>jsonl</c>.</param>
/// <param name="Methods">Every method the daemon answers.</param>
/// <param name="Notifications">Every notification the daemon may send.</param>
public sealed record Capabilities(
    IReadOnlyList<string> InputFormats,
    IReadOnlyList<string> OutputFormats,
    IReadOnlyList<string> Methods,
    IReadOnlyList<string> Notifications);
