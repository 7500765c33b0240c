namespace BatchAi.Daemon.Prompting;

/// <summary>A source row made ready to send.</summary>
/// <param name="Raw">The prompt built from the cells as read.</param>
/// <param name="Prompt">The cleaned prompt that is sent (empty when skipped for want of text).</param>
/// <param name="ChangedBy">Bits of the rules that changed it (see <see cref="TextCleaner.Names"/>).</param>
/// <param name="Skip">Why the row is not sent, naming the row; null when it is sent.</param>
/// <param name="SkipKind">What kind of skip, for counting.</param>
/// <param name="Conversation">Whether <paramref name="Prompt"/> holds a conversation's JSON (<see cref="ConversationJson"/>) rather than a question.</param>
internal sealed record PreparedRow(string Raw, string Prompt, int ChangedBy, string? Skip, SkipKind SkipKind = SkipKind.None, bool Conversation = false);
