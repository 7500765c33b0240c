namespace BatchAi.Daemon.Ledger;

/// <summary>A row to send: its index, question (or with <paramref name="Conversation"/>, a conversation's JSON) and the attempts already spent on it.</summary>
/// <param name="TurnsDone">For a multi-turn job: the assistant turns already stored in the conversation (a checkpoint of an earlier run).</param>
/// <param name="PromptTokens">The tokens those turns spent, stored with the checkpoint; null when nothing was.</param>
/// <param name="Cached">Whether every stored turn came from the response cache.</param>
internal sealed record WorkRow(long Index, string Question, int Attempts, bool Conversation = false, int TurnsDone = 0,
    int? PromptTokens = null, int? CompletionTokens = null, bool Cached = false);
