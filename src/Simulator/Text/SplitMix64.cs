namespace BatchAi.Simulator.Text;

/// <summary>
/// A tiny PRNG whose output is fixed by its algorithm, unlike System.Random whose seeded sequence
/// is an implementation detail; answers must not change when the runtime does.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int NextInt(int maxExclusive) => (int)(Next() % (ulong)maxExclusive);

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
