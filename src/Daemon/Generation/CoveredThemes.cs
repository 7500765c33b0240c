using System.Text;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The terms that recur most over the accepted questions, as a cheap stand-in for their sub-topics: words of four
/// letters or more outside a stop list for alphabetic text, two-character runs for Chinese and Japanese.
/// </summary>
internal static class CoveredThemes
{
    private static readonly HashSet<string> Stop = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "when", "where", "does", "doing", "done", "have", "with", "that", "this", "from", "into", "your", "their", "there",
        "about", "would", "could", "should", "will", "they", "them", "than", "then", "been", "being", "were", "some", "more", "most",
        "best", "make", "good", "like", "also", "just", "other", "many", "much", "very", "each", "after", "before", "between", "without",
        "these", "those", "while", "whom", "whose", "using", "used",
    };

    private static readonly HashSet<string> CjkStop = ["什么", "如何", "怎么", "怎样", "为什", "为何", "哪些", "可以", "是否", "应该", "需要", "有哪", "之间", "区别", "的区", "如果", "有什", "么样", "吗？", "时候"];

    public static IReadOnlyList<string> Top(IReadOnlyList<string> questions, int most)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var question in questions)
        {
            foreach (var term in Terms(question).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        // A term in one question is not a theme.
        return counts.Where(c => c.Value >= 2)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(most).Select(c => c.Key).ToList();
    }

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
