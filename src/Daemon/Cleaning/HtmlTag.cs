namespace BatchAi.Daemon.Cleaning;

/// <summary>A tag found by <see cref="HtmlScanner"/>: where it ends (exclusive), its lower-case element name (empty for a comment or declaration), and whether it closes an element.</summary>
internal readonly record struct HtmlTag(int End, string Name, bool Closing);
