namespace BatchAi.Daemon.Export;

/// <summary>
/// Whether a job's rows include conversations, and images among them: a Parquet file's schema is fixed before its first row,
/// so the columns these add (<c>messages</c>, <c>images</c>) are decided by the whole job, not by the first record.
/// </summary>
internal sealed record ConversationKinds(bool Conversations, bool Images)
{
    public static ConversationKinds None { get; } = new(false, false);

    /// <summary>For a caller that cannot ask the ledger: what the first record shows (a later conversation or image is then missed).</summary>
    public static ConversationKinds Of(ExportRecord? first) =>
        first is { Conversation: true } ? new(true, TrainingChat.Of(first, null).Images.Count > 0) : None;
}
