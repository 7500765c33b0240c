namespace BatchAi.Daemon.Cleaning;

/// <summary>Where the first row of each prompt a job has stored can be found by the prompt's digest (a job's ingest).</summary>
internal interface IPromptDigestStore
{
    /// <summary>The index of the first stored row with this prompt (looked up by its 16-byte digest), or null.</summary>
    long? FirstWith(ReadOnlySpan<byte> digest, string prompt);

    /// <summary>Remembers the first rows of these prompts, by digest; their rows are in the ledger.</summary>
    void Add(IEnumerable<KeyValuePair<UInt128, long>> firstRows);
}
