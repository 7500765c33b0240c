namespace BatchAi.Daemon.Ledger;

/// <summary>A row to send: its index, question (or with <paramref name="Conversation"/>, a conversation's JSON) and the attempts already spent on it.</summary>
internal sealed record WorkRow(long Index, string Question, int Attempts, bool Conversation = false);
