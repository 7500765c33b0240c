namespace BatchAi.Simulator.Faults;

/// <summary>One limit's window as a response states it.</summary>
/// <param name="UntilRoom">Until the window has room for the refused request again (zero when it has room).</param>
/// <param name="UntilFull">Until every grant in the window has left it: the limit fully replenished.</param>
/// <param name="OldestLeaves">Until the oldest grant leaves the window (the whole window when it is empty).</param>
internal readonly record struct WindowState(long Limit, long Remaining, TimeSpan UntilRoom, TimeSpan UntilFull, TimeSpan OldestLeaves)
{
    /// <summary>
    /// OpenAI's <c>x-ratelimit-reset-*</c>: when spent, the time until there is room again; otherwise the time until it is full
    /// again. The simulator's one-minute limit always said when the oldest request leaves; that stays the answer when spent.
    /// </summary>
    public TimeSpan Reset => Remaining == 0 ? (UntilRoom > TimeSpan.Zero ? UntilRoom : OldestLeaves) : UntilFull;
}
