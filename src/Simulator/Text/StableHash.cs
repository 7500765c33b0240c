using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BatchAi.Simulator.Text;

/// <summary>
/// A hash that is the same in every process and on every machine (string.GetHashCode is randomised per process),
/// so the same question always gets the same answer and the same seeded faults.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text) =>
        BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
