namespace BatchAi.Daemon.Structured;

/// <summary>What validating one answer found: nothing (valid), or each error as "location: message", the location a JSON Pointer.</summary>
internal sealed record SchemaCheck(IReadOnlyList<string> Errors)
{
    public static SchemaCheck Valid { get; } = new([]);

    public bool IsValid => Errors.Count == 0;

    /// <summary>The errors on one line, for a row's error text.</summary>
    public string Summary => string.Join("; ", Errors);
}
