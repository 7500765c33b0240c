namespace BatchAi.Daemon.Cleaning;

/// <summary><c>fullwidth-ascii</c>: full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) become ASCII. Full-width punctuation is the business of <see cref="CjkPunctuationRule"/>, which looks at the text around it.</summary>
internal sealed class FullwidthAsciiRule : ICleaningRule
{
    private const int Offset = 0xFEE0;

    public string Id => "fullwidth-ascii";

    public string Apply(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\uFF10', '\uFF5A');
        if (first < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        var changed = false;
        for (var i = first; i < chars.Length; i++)
        {
            if (IsFullwidthLetterOrDigit(chars[i]))
            {
                chars[i] = (char)(chars[i] - Offset);
                changed = true;
            }
        }

        return changed ? new string(chars) : text;
    }

    private static bool IsFullwidthLetterOrDigit(char c) =>
        c is >= '\uFF10' and <= '\uFF19' or >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A';
}
