using System.Buffers;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>control</c>: removes control characters: C0 (U+0000-U+001F) but tab and the line breaks, DEL (U+007F) and C1
/// (U+0080-U+009F) but NEL. Database dumps and old exports leave NULs and such in cells; the file is read as text and
/// they go here, counted, rather than to the model. Line feed, carriage return, vertical tab, form feed and NEL are line
/// breaks and tab a space, which the whitespace rule normalises: removing them would join the words on either side.
/// </summary>
internal sealed class ControlRule : ICleaningRule
{
    // Searched vectorised: most text has none, and then costs one scan and no copy.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(IsControl).ToArray());

    public string Id => "control";

    public string Apply(string text)
    {
        var first = text.AsSpan().IndexOfAny(Controls);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length - CountControls(text, first), (text, first), static (chars, state) =>
        {
            var (source, at) = state;
            source.AsSpan(0, at).CopyTo(chars);
            var written = at;
            var rest = source.AsSpan(at + 1);
            int next;
            while ((next = rest.IndexOfAny(Controls)) >= 0)
            {
                rest[..next].CopyTo(chars[written..]);
                written += next;
                rest = rest[(next + 1)..];
            }

            rest.CopyTo(chars[written..]);
        });
    }

    private static bool IsControl(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or '\u0085' => false,
        < ' ' => true,
        >= '\u007F' and <= '\u009F' => true,
        _ => false,
    };

    private static int CountControls(string text, int from)
    {
        var count = 0;
        var rest = text.AsSpan(from);
        int at;
        while ((at = rest.IndexOfAny(Controls)) >= 0)
        {
            count++;
            rest = rest[(at + 1)..];
        }

        return count;
    }
}
