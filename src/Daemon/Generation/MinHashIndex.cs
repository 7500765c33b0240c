namespace BatchAi.Daemon.Generation;

/// <summary>
/// Finds an accepted question similar to a new one without comparing it to every one: each shingle set gets a
/// MinHash signature, signatures are cut into bands, and questions sharing a band are candidates (locality-sensitive
/// hashing). A candidate is then compared exactly (Jaccard of the shingle sets), so the threshold is what decides,
/// not the estimate. The band width follows the threshold so that a pair at the threshold (from 0.4 up) is missed once in
/// ten thousand or less: 4 hashes a band (30 bands) from 0.75, 3 (40 bands) from 0.6, 2 (60 bands) below. A first cut
/// of 64 hashes in bands of 4 missed about one pair in a hundred near 0.7, which a test comparing with an exhaustive scan found.
/// </summary>
internal sealed class MinHashIndex
{
    private const int Hashes = 120;
    private static readonly ulong[] Salts = MakeSalts();

    private readonly double _threshold;
    private readonly int _rows;
    // Each entry's shingles sorted, so the exact check of a candidate is a merge of two short arrays rather than a lookup of
    // each shingle in a hash set; a large set made of one template has thousands of candidates per question, and the check
    // is what they cost. A fifth of the memory of a HashSet, too.
    private readonly List<ulong[]> _sets = [];
    private readonly Dictionary<ulong, List<int>> _buckets = [];

    // The query that last looked at each entry: an entry in several of the query's bands is checked once, without a set per query.
    private int[] _lastQuery = new int[256];
    private int _query;

    public MinHashIndex(double threshold)
    {
        _threshold = threshold;
        _rows = threshold >= 0.75 ? 4 : threshold >= 0.6 ? 3 : 2;
    }

    /// <summary>The position (in order of adding) of an entry at least as similar as the threshold, or null.</summary>
    public int? FindSimilar(HashSet<ulong> shingles, out double similarity)
    {
        similarity = 0;
        var signature = Signature(shingles);
        var sorted = Sorted(shingles);
        _query++;
        for (var band = 0; band < Hashes / _rows; band++)
        {
            if (!_buckets.TryGetValue(BandKey(signature, band), out var entries))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (_lastQuery[entry] == _query)
                {
                    continue;
                }

                _lastQuery[entry] = _query;
                var s = Jaccard(sorted, _sets[entry]);
                if (s >= _threshold)
                {
                    similarity = s;
                    return entry;
                }
            }
        }

        return null;
    }

    public void Add(HashSet<ulong> shingles)
    {
        var signature = Signature(shingles);
        var entry = _sets.Count;
        _sets.Add(Sorted(shingles));
        if (entry == _lastQuery.Length)
        {
            Array.Resize(ref _lastQuery, entry * 2);
        }

        for (var band = 0; band < Hashes / _rows; band++)
        {
            var key = BandKey(signature, band);
            if (!_buckets.TryGetValue(key, out var entries))
            {
                _buckets[key] = entries = [];
            }

            entries.Add(entry);
        }
    }

    /// <summary>Exact Jaccard similarity of two sorted sets, as <see cref="Shingles.Jaccard"/> computes it.</summary>
    internal static double Jaccard(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)shared / (a.Length + b.Length - shared);
    }

    private static ulong[] Sorted(HashSet<ulong> shingles)
    {
        var sorted = shingles.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static ulong[] Signature(HashSet<ulong> shingles)
    {
        var signature = new ulong[Hashes];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            for (var i = 0; i < Hashes; i++)
            {
                var h = Mix(shingle ^ Salts[i]);
                if (h < signature[i])
                {
                    signature[i] = h;
                }
            }
        }

        return signature;
    }

    private ulong BandKey(ulong[] signature, int band)
    {
        var key = Mix((ulong)band + 0x9E3779B97F4A7C15UL);
        for (var i = band * _rows; i < (band + 1) * _rows; i++)
        {
            key = Mix(key ^ signature[i]);
        }

        return key;
    }

    // SplitMix64's finaliser: a cheap, well-spread 64-bit mix, so one hash family serves all 64 permutations.
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong[] MakeSalts()
    {
        var salts = new ulong[Hashes];
        var state = 0x2545F4914F6CDD1DUL;
        for (var i = 0; i < Hashes; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            salts[i] = Mix(state);
        }

        return salts;
    }
}
