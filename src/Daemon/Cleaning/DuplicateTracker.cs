using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// Finds the first row with the same prompt, by a 128-bit digest rather than the text. With a
/// <see cref="IPromptDigestStore"/> (a job's ingest), the digests of stored rows live there and memory holds only
/// those not yet handed to it, so a million-row file costs no more than a small one; without one (preview, probe),
/// every digest is kept here, and a false match would need a SHA-256 collision in 128 bits.
/// </summary>
internal sealed class DuplicateTracker(IPromptDigestStore? store = null)
{
    private readonly Dictionary<UInt128, long> _pending = [];

    /// <summary>The index of the first row with this prompt, or null when it is the first (or the stored first is this row).</summary>
    public long? FirstOf(string prompt, long index)
    {
        Span<byte> full = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(prompt.AsSpan()), full);
        var key = MemoryMarshal.Read<UInt128>(full);
        if (_pending.TryGetValue(key, out var first))
        {
            return first;
        }

        if (store?.FirstWith(full[..16], prompt) is { } stored)
        {
            return stored == index ? null : stored;
        }

        // Also a row an earlier run stored and this one reads again: the store may have lost it (a crash before it was told).
        _pending[key] = index;
        return null;
    }

    /// <summary>The rows prepared so far are in the ledger: their digests go to the store and are forgotten here.</summary>
    public void Stored()
    {
        if (store is not null && _pending.Count > 0)
        {
            store.Add(_pending);
            _pending.Clear();
        }
    }
}
