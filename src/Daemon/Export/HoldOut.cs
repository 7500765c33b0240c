namespace BatchAi.Daemon.Export;

/// <summary>
/// A held-out split: a row is in it when a hash of the seed and its index, as a fraction of [0, 1), is below
/// <paramref name="Fraction"/>. By index, not by order of answering, so a row stays on its side across exports, resumes and
/// retries, and the same seed gives the same split on any machine.
/// </summary>
internal sealed record HoldOut(double Fraction, long Seed)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public bool Contains(long index) => Unit(Seed, index) < Fraction;

    /// <summary>
    /// The first output of SplitMix64 started at <c>seed × 0x9E3779B97F4A7C15 + index</c> (mod 2^64), its top 53 bits as a fraction: a few lines
    /// in any language, so a script can say which split a row went to (docs/protocol.md has them in Python).
    /// </summary>
    public static double Unit(long seed, long index)
    {
        unchecked
        {
            var z = ((ulong)seed * Golden) + (ulong)index + Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
