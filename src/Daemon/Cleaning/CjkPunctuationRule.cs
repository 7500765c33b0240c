namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>cjk-punctuation</c>: punctuation fitted to the text around it. In Chinese text, a half-width
/// <c>, ? ! : ;</c> right after a CJK character (or after full-width punctuation that follows one) becomes
/// full-width, so <c>你好,世界!</c> → <c>你好，世界！</c> while <c>5,000</c> stays; spaces between it and the CJK
/// text after it go, and none are ever inserted. In Latin text, full-width punctuation with no CJK letter
/// near it becomes half-width: <c>Hello，world！</c> → <c>Hello,world!</c>.
/// </summary>
/// <remarks>
/// Both directions decide by the letters around a mark, which neither direction changes, so one never
/// undoes the other and a second pass changes nothing. ＜ ＞ ＆ stay full-width: made half-width they could
/// form an HTML tag or entity that the html rule would then remove.
/// </remarks>
internal sealed class CjkPunctuationRule : ICleaningRule
{
    private const string Half = ",?!:;";
    private const string Full = "，？！：；";

    public string Id => "cjk-punctuation";

    public string Apply(string text)
    {
        if (text.AsSpan().IndexOfAny(",?!:;") < 0 && text.AsSpan().IndexOfAnyInRange('\uFF01', '\uFF5E') < 0)
        {
            return text;
        }

        // The output is made only at the first change; until then it is the text itself, so most rows cost no copy.
        char[]? output = null;
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var before = output is null ? text.AsSpan(0, i) : output.AsSpan(0, length);
            var replacement = c;
            var skipTo = i;
            var half = Half.IndexOf(c);
            if (half >= 0 && InCjkContext(before))
            {
                replacement = Full[half];
                skipTo = SpacesBeforeCjk(text, i);
            }
            else if (IsConvertibleFullwidth(c) && InLatinContext(before, text, i))
            {
                replacement = (char)(c - 0xFEE0);
            }

            if (output is null && replacement != c)
            {
                output = new char[text.Length];
                text.AsSpan(0, i).CopyTo(output);
                length = i;
            }

            if (output is not null)
            {
                output[length++] = replacement;
            }

            i = skipTo;
        }

        return output is null ? text : new string(output, 0, length);
    }

    /// <summary>Where the spaces after the mark at <paramref name="i"/> end, when CJK text follows them (they are dropped); else <paramref name="i"/>.</summary>
    private static int SpacesBeforeCjk(string text, int i)
    {
        var next = i + 1;
        while (next < text.Length && text[next] == ' ')
        {
            next++;
        }

        return next > i + 1 && next < text.Length && CjkText.IsCjkAt(text, next) ? next - 1 : i;
    }

    private static bool InCjkContext(ReadOnlySpan<char> before)
    {
        if (CjkText.CjkJustBefore(before))
        {
            return true;
        }

        return before.Length > 0
            && CjkText.IsCjkPunctuation(before[^1])
            && CjkText.LetterBefore(before) is { } letter
            && CjkText.IsCjk(letter);
    }

    private static bool InLatinContext(ReadOnlySpan<char> before, string text, int i)
    {
        var left = CjkText.LetterBefore(before);
        var right = CjkText.LetterAfter(text, i + 1);
        if ((left is { } l && CjkText.IsCjk(l)) || (right is { } r && CjkText.IsCjk(r)))
        {
            return false;
        }

        if (left is { } a && a.IsAscii || right is { } b && b.IsAscii)
        {
            return true;
        }

        // No letters near: between two digits it is a number (３，０００ → 3,000).
        return before.Length > 0 && char.IsAsciiDigit(before[^1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
    }

    private static bool IsConvertibleFullwidth(char c) =>
        c is >= '\uFF01' and <= '\uFF0F' or >= '\uFF1A' and <= '\uFF20' or >= '\uFF3B' and <= '\uFF40' or >= '\uFF5B' and <= '\uFF5E'
        && c is not ('＜' or '＞' or '＆');
}
