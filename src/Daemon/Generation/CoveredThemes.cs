using System.Text;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The terms that recur most over the accepted questions, as a cheap stand-in for their sub-topics: words of four
/// letters or more outside a stop list for alphabetic text, two-character runs for Chinese and Japanese. Counted as
/// each question is accepted and kept ranked, so naming the top themes in a batch's prompt costs the same with fifty
/// questions as with fifty thousand; recounting the whole set for every batch made a large set quadratic.
/// </summary>
internal sealed class CoveredThemes
{
    private static readonly HashSet<string> Stop = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "when", "where", "does", "doing", "done", "have", "with", "that", "this", "from", "into", "your", "their", "there",
        "about", "would", "could", "should", "will", "they", "them", "than", "then", "been", "being", "were", "some", "more", "most",
        "best", "make", "good", "like", "also", "just", "other", "many", "much", "very", "each", "after", "before", "between", "without",
        "these", "those", "while", "whom", "whose", "using", "used",
    };

    private static readonly HashSet<string> CjkStop = ["什么", "如何", "怎么", "怎样", "为什", "为何", "哪些", "可以", "是否", "应该", "需要", "有哪", "之间", "区别", "的区", "如果", "有什", "么样", "吗？", "时候"];

    // Questions per term, and the terms in two questions or more ranked by that count (then by the term, so ties are
    // stable): a term in one question is not a theme, and leaving those out keeps the ranking small.
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly SortedSet<(int Count, string Term)> _ranked = new(Comparer<(int Count, string Term)>.Create(
        (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Term, b.Term)));

    /// <summary>Themes counted over <paramref name="questions"/> at once.</summary>
    public static CoveredThemes Of(IEnumerable<string> questions)
    {
        var themes = new CoveredThemes();
        foreach (var question in questions)
        {
            themes.Add(question);
        }

        return themes;
    }

    /// <summary>Counts an accepted question's terms, each once however often it says them.</summary>
    public void Add(string question)
    {
        foreach (var term in Terms(question).Distinct(StringComparer.Ordinal))
        {
            var count = _counts.GetValueOrDefault(term) + 1;
            _counts[term] = count;
            if (count > 2)
            {
                _ranked.Remove((count - 1, term));
            }

            if (count >= 2)
            {
                _ranked.Add((count, term));
            }
        }
    }

    /// <summary>The <paramref name="most"/> terms in the most questions (at least two), commonest first.</summary>
    public IReadOnlyList<string> Top(int most) => _ranked.Take(most).Select(t => t.Term).ToList();

    private static IEnumerable<string> Terms(string question)
    {
        var word = new StringBuilder();
        char? previousCjk = null;
        foreach (var c in question + " ")
        {
            var cjk = c is >= '\u3400' and <= '\u9FFF';
            if (cjk)
            {
                if (previousCjk is { } p && !CjkStop.Contains($"{p}{c}"))
                {
                    yield return $"{p}{c}";
                }

                previousCjk = c;
            }
            else
            {
                previousCjk = null;
            }

            if (char.IsLetter(c) && !cjk)
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (word.Length >= 4 && !Stop.Contains(word.ToString()))
            {
                yield return word.ToString();
            }

            word.Clear();
        }
    }
}
