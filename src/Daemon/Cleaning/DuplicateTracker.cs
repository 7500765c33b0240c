using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// Finds the first row with the same prompt, by a 128-bit digest rather than the text. A false match
/// would need a SHA-256 collision in 128 bits. With a <see cref="IPromptDigestStore"/> (a job's ingest),
/// the digests of stored rows live in the ledger and memory holds only the rows not yet stored, so a
/// million-row file costs no more than a small one; without one (preview, probe), every digest is kept here.
/// </summary>
internal sealed class DuplicateTracker(IPromptDigestStore? store = null)
{
    // Two ulongs rather than UInt128: UInt128 is 16-byte aligned, which pads every dictionary entry from 32 bytes to 48.
    private readonly Dictionary<(ulong, ulong), long> _pending = [];

    // Rows an earlier run stored without a digest (a ledger older than schema 5): they are never written again, so kept here.
    private readonly Dictionary<(ulong, ulong), long> _unstored = [];

    /// <summary>
    /// The index of the first row with this prompt, or null when it is the first (or the stored row is this one).
    /// <paramref name="digest"/> is the new digest to store with the row, or null when there is nothing to store.
    /// </summary>
    /// <param name="alreadyStored">The row is in the ledger already (a resumed ingest reads it again) and will not be inserted.</param>
    public long? FirstOf(string prompt, long index, bool alreadyStored, out byte[]? digest)
    {
        Span<byte> full = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(prompt.AsSpan()), full);
        var key = (MemoryMarshal.Read<ulong>(full), MemoryMarshal.Read<ulong>(full[8..]));
        digest = null;
        if (_pending.TryGetValue(key, out var first) || _unstored.TryGetValue(key, out first))
        {
            return first;
        }

        if (store?.FirstWith(full[..16]) is { } stored)
        {
            return stored == index ? null : stored;
        }

        if (store is not null && alreadyStored)
        {
            _unstored[key] = index;
            return null;
        }

        _pending[key] = index;
        digest = store is null ? null : full[..16].ToArray();
        return null;
    }

    /// <summary>The rows handed out so far are in the ledger with their digests: forget them here.</summary>
    public void Stored()
    {
        if (store is not null)
        {
            _pending.Clear();
        }
    }
}
