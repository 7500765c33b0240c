using System.Globalization;
using System.Text;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>invisible</c>: removes zero-width characters, BOMs, soft hyphens, bidi marks and lone surrogates.
/// Control characters are the <see cref="ControlRule"/>'s, so a file's stray NULs are counted apart from
/// the invisible formatting text picks up when copied from the web. A zero-width joiner between two
/// emoji stays: it is what makes 👨‍👩‍👧 one family rather than three people.
/// </summary>
internal sealed class InvisibleRule : ICleaningRule
{
    public string Id => "invisible";

    public string Apply(string text)
    {
        var i = 0;
        while (i < text.Length && !Removes(text, i))
        {
            i++;
        }

        if (i == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            if (!Removes(text, i))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    private static bool Removes(string text, int i)
    {
        var c = text[i];
        if (c < '\u00AD')
        {
            return false;
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return c switch
        {
            '\u200D' => !BetweenEmoji(text, i),
            '\u00AD' or '\u061C' or '\u180E' or '\uFEFF' or '\uFFFE' or '\uFFFF' => true,
            >= '\u200B' and <= '\u200F' => true,
            >= '\u202A' and <= '\u202E' => true,
            >= '\u2060' and <= '\u2064' => true,
            >= '\u2066' and <= '\u206F' => true,
            >= '\uFFF9' and <= '\uFFFB' => true,
            _ => false,
        };
    }

    private static bool BetweenEmoji(string text, int i) =>
        i > 0 && i + 1 < text.Length && IsEmojiSide(text, i - 1, before: true) && IsEmojiSide(text, i + 1, before: false);

    // An emoji is an astral code point (most are) or a symbol such as ❤ or a variation selector that follows one.
    private static bool IsEmojiSide(string text, int at, bool before)
    {
        var c = text[at];
        return before
            ? char.IsLowSurrogate(c) || c == '\uFE0F' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol
            : char.IsHighSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;
    }
}
