using System.Text;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>repeated-punctuation</c>: <c>！！！</c> → <c>！</c>, <c>???</c> → <c>?</c>. ASCII <c>!</c> and <c>?</c> collapse
/// only from three on, because <c>??</c> and <c>!!</c> are operators in code people ask about. An
/// ellipsis stays one: four or more dots become <c>...</c>, three or more <c>…</c> become <c>……</c>.
/// </summary>
internal sealed class RepeatedPunctuationRule : ICleaningRule
{
    public string Id => "repeated-punctuation";

    public string Apply(string text)
    {
        if (!HasRunToCollapse(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var changed = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var run = 1;
            while (i + run < text.Length && text[i + run] == c)
            {
                run++;
            }

            var keep = Keep(c, run);
            builder.Append(c, keep);
            changed |= keep != run;
            i += run;
        }

        return changed ? builder.ToString() : text;
    }

    private static bool HasRunToCollapse(string text)
    {
        var i = text.AsSpan().IndexOfAny("!?！？，、；.…");
        while (i >= 0 && i < text.Length)
        {
            var run = 1;
            while (i + run < text.Length && text[i + run] == text[i])
            {
                run++;
            }

            if (Keep(text[i], run) != run)
            {
                return true;
            }

            i += run;
            var next = text.AsSpan(i).IndexOfAny("!?！？，、；.…");
            i = next < 0 ? -1 : i + next;
        }

        return false;
    }

    private static int Keep(char c, int run) => c switch
    {
        '！' or '？' or '，' or '、' or '；' => 1,
        '!' or '?' => run >= 3 ? 1 : run,
        '.' => run >= 4 ? 3 : run,
        '…' => run >= 3 ? 2 : run,
        _ => run,
    };
}
