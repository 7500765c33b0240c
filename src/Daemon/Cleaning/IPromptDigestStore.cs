namespace BatchAi.Daemon.Cleaning;

/// <summary>Where a job's stored rows' prompt digests can be looked up (the ledger).</summary>
internal interface IPromptDigestStore
{
    /// <summary>The index of the first stored row whose prompt has this 16-byte digest, or null.</summary>
    long? FirstWith(ReadOnlySpan<byte> digest);
}
