namespace BatchAi.Simulator.Text;

/// <summary>
/// The simulator's notion of a token: a word with its leading whitespace, or a single CJK character.
/// Streamed deltas are exactly these pieces, so concatenating them gives the text back byte for byte.
/// </summary>
internal static class TextPieces
{
    public static List<string> Split(string text)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var end = EndOfPiece(text, start);
            pieces.Add(text[start..end]);
            start = end;
        }
        return pieces;
    }

    public static int Count(string text)
    {
        var count = 0;
        for (var start = 0; start < text.Length; start = EndOfPiece(text, start))
        {
            count++;
        }
        return count;
    }

    private static int EndOfPiece(string text, int start)
    {
        var i = start;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        if (i < text.Length && IsCjk(text[i]))
        {
            return i + 1;
        }
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !IsCjk(text[i]))
        {
            i++;
        }
        return i;
    }

    private static bool IsCjk(char c) =>
        c is (>= '\u3000' and <= '\u30FF') // CJK punctuation, hiragana, katakana
            or (>= '\u3400' and <= '\u4DBF') // CJK extension A
            or (>= '\u4E00' and <= '\u9FFF') // CJK unified ideographs
            or (>= '\uAC00' and <= '\uD7AF') // Hangul syllables
            or (>= '\uF900' and <= '\uFAFF') // CJK compatibility ideographs
            or (>= '\uFF00' and <= '\uFFEF'); // full-width forms
}
