namespace BatchAi.Daemon.Ledger;

/// <summary>A row's state in the ledger, stored as its number.</summary>
internal enum RowState
{
    Pending = 0,
    InFlight = 1,
    Done = 2,
    Failed = 3,
    Skipped = 4,

    /// <summary>In a provider's batch (<c>rows.batch</c> names its file in <c>batch_files</c>): sent, its answer not yet folded.</summary>
    Submitted = 5,
}

/// <summary>A row state's name on the wire (<c>getRows</c>): pending, inFlight, done, failed, skipped, submitted.</summary>
internal static class RowStateNames
{
    private static readonly string[] Names = ["pending", "inFlight", "done", "failed", "skipped", "submitted"];

    public static string Name(this RowState state) => Names[(int)state];

    /// <summary>The state named <paramref name="name"/> in any case, or false.</summary>
    public static bool TryParse(string name, out RowState state)
    {
        var index = Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        state = (RowState)Math.Max(0, index);
        return index >= 0;
    }

    public static string List => string.Join(", ", Names);
}
