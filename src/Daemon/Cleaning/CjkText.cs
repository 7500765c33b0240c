using System.Text;

namespace BatchAi.Daemon.Cleaning;

/// <summary>Character classes and context look-ups for fitting punctuation to the text around it.</summary>
internal static class CjkText
{
    // How far to look for a letter beyond punctuation, spaces and digits; bounded so a long run costs little.
    private const int Reach = 32;

    /// <summary>Han ideographs (with the astral extensions), kana and the iteration marks: the scripts that use full-width punctuation. Hangul uses half-width, so it is not here.</summary>
    public static bool IsCjk(Rune rune) => rune.Value is
        >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF
        or >= 0x3040 and <= 0x30FF or >= 0x3005 and <= 0x3007 or >= 0x20000 and <= 0x3134F;

    /// <summary>Full-width and CJK punctuation: the ideographic punctuation block and the full-width forms that are not letters or digits.</summary>
    public static bool IsCjkPunctuation(char c) => c is
        >= '\u3001' and <= '\u303F' or >= '\uFF01' and <= '\uFF0F' or >= '\uFF1A' and <= '\uFF20'
        or >= '\uFF3B' and <= '\uFF40' or >= '\uFF5B' and <= '\uFF65';

    /// <summary>The nearest letter at the end of <paramref name="text"/>, skipping punctuation, spaces and digits; null when none is near.</summary>
    public static Rune? LetterBefore(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        for (var i = end - 1; i >= 0 && i >= end - Reach; i--)
        {
            var c = text[i];
            if (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1]))
            {
                var rune = new Rune(text[i - 1], c);
                if (Rune.IsLetter(rune))
                {
                    return rune;
                }

                i--;
                continue;
            }

            if (char.IsLetter(c))
            {
                return new Rune(c);
            }

            if (c == '\n')
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The nearest letter from <paramref name="start"/> on, skipping punctuation, spaces and digits; null when none is near.</summary>
    public static Rune? LetterAfter(string text, int start)
    {
        for (var i = start; i < text.Length && i < start + Reach; i++)
        {
            if (Rune.TryGetRuneAt(text, i, out var rune))
            {
                if (Rune.IsLetter(rune))
                {
                    return rune;
                }

                if (rune.Value == '\n')
                {
                    return null;
                }

                i += rune.Utf16SequenceLength - 1;
            }
        }

        return null;
    }

    /// <summary>Whether the last character of <paramref name="text"/> is CJK (an astral ideograph counts).</summary>
    public static bool CjkJustBefore(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        if (end == 0)
        {
            return false;
        }

        var c = text[end - 1];
        if (char.IsLowSurrogate(c))
        {
            return end >= 2 && char.IsHighSurrogate(text[end - 2]) && IsCjk(new Rune(text[end - 2], c));
        }

        return !char.IsSurrogate(c) && IsCjk(new Rune(c));
    }

    public static bool IsCjkAt(string text, int i) => Rune.TryGetRuneAt(text, i, out var rune) && IsCjk(rune);
}
