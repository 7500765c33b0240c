using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// Remembers each prompt seen, by a 128-bit digest rather than the text, so a million-row file costs
/// tens of megabytes, not a copy of itself. A false match would need a SHA-256 collision in 128 bits.
/// </summary>
internal sealed class DuplicateTracker
{
    // Two ulongs rather than UInt128: UInt128 is 16-byte aligned, which pads every dictionary entry from 32 bytes to 48.
    private readonly Dictionary<(ulong, ulong), long> _first = [];

    /// <summary>The index of the first row with this prompt, or null when it is the first; remembers <paramref name="index"/> for it.</summary>
    public long? FirstOf(string prompt, long index)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(prompt.AsSpan()), digest);
        var key = (MemoryMarshal.Read<ulong>(digest), MemoryMarshal.Read<ulong>(digest[8..]));
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_first, key, out var exists);
        if (exists)
        {
            return slot;
        }

        slot = index;
        return null;
    }
}
