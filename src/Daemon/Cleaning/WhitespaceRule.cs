using System.Text;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>whitespace</c>: every kind of line break becomes <c>\n</c>; runs of spaces, tabs, no-break and
/// ideographic spaces become one space; each line is trimmed; blank lines at the ends go, and a run of
/// blank lines becomes one, so paragraphs stay paragraphs.
/// </summary>
internal sealed class WhitespaceRule : ICleaningRule
{
    public string Id => "whitespace";

    public string Apply(string text)
    {
        if (IsClean(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsLineBreak(c))
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                pendingSpace = false;
                pendingBreaks++;
                continue;
            }

            if (IsSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (builder.Length > 0)
            {
                if (pendingBreaks > 0)
                {
                    builder.Append(pendingBreaks == 1 ? "\n" : "\n\n");
                }
                else if (pendingSpace)
                {
                    builder.Append(' ');
                }
            }

            pendingBreaks = 0;
            pendingSpace = false;
            builder.Append(c);
        }

        var cleaned = builder.ToString();
        return cleaned == text ? text : cleaned;
    }

    // Clean text has only plain spaces and \n, never two in a row, none at the ends or next to a break, at most one blank line.
    private static bool IsClean(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        if (text[0] is ' ' or '\n' || text[^1] is ' ' or '\n')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ' || c == '\n')
            {
                var next = text[i + 1];
                if (next == ' ' || (next == '\n' && (c == ' ' || (i + 2 < text.Length && text[i + 2] is '\n' or ' '))) || (c == '\n' && next == ' '))
                {
                    return false;
                }
            }
            else if (IsLineBreak(c) || IsSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u2028' or '\u2029';

    private static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\u00A0' or '\u1680' or '\u202F' or '\u205F' or '\u3000' or >= '\u2000' and <= '\u200A';
}
