using System.Text;
using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The comparable form of a question: cleaned as a dataset row is, lower-cased, with only its letters and
/// digits kept (so case, spacing, punctuation and full-width forms do not make a question new), and the set of
/// its character shingles, hashed. Shingles are characters, not words, so Chinese (no spaces) and English
/// compare alike: two characters long for mostly-CJK text, where one character carries a word's weight, else three.
/// </summary>
internal static class Shingles
{
    private static readonly TextCleaner Cleaner = new(null);

    /// <summary>The key two questions share when they differ only in case, spacing, punctuation or width.</summary>
    public static string Key(string question)
    {
        var cleaned = Cleaner.Clean(question);
        var key = new StringBuilder(cleaned.Length);
        foreach (var rune in cleaned.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                key.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return key.ToString();
    }

    /// <summary>The hashed shingles of a <see cref="Key"/>; a key shorter than a shingle is one shingle.</summary>
    public static HashSet<ulong> Of(string key)
    {
        var size = MostlyCjk(key) ? 2 : 3;
        var set = new HashSet<ulong>();
        if (key.Length <= size)
        {
            set.Add(Hash(key));
            return set;
        }

        for (var i = 0; i + size <= key.Length; i++)
        {
            set.Add(Hash(key.AsSpan(i, size)));
        }

        return set;
    }

    /// <summary>Exact Jaccard similarity: shared shingles over all shingles.</summary>
    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = small.Count(large.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static bool MostlyCjk(string key)
    {
        var cjk = 0;
        foreach (var c in key)
        {
            if (c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF'))
            {
                cjk++;
            }
        }

        return cjk * 2 > key.Length;
    }

    // FNV-1a, 64 bits: stable across processes, unlike string.GetHashCode, so a rebuilt set decides as the first did.
    private static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
