namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// Recognises an HTML tag at a <c>&lt;</c>, strictly enough that ordinary text is never taken for one:
/// the name must be a real HTML element, and every attribute must be <c>name=value</c> (or one of the
/// few boolean attributes). So <c>&lt;p class="x"&gt;</c> is a tag while <c>a&lt;b and c&gt;d</c>,
/// <c>x &lt; 3</c> and <c>List&lt;T&gt;</c> are text.
/// </summary>
internal static class HtmlScanner
{
    private static readonly HashSet<string> Elements = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "big", "blockquote", "body", "br", "button",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "i", "img", "input", "ins", "kbd", "label", "li", "link", "main", "mark", "meta", "nav", "ol", "option",
        "p", "pre", "q", "s", "samp", "script", "section", "select", "small", "span", "strike", "strong", "style", "sub",
        "summary", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "tt", "u", "ul",
        "var", "wbr",
    };

    private static readonly HashSet<string> BooleanAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "async", "autofocus", "checked", "controls", "defer", "disabled", "hidden", "multiple", "nowrap", "open",
        "readonly", "required", "selected",
    };

    /// <summary>The tag starting at <paramref name="start"/> (a <c>&lt;</c>), or null when the text there is not one.</summary>
    public static HtmlTag? TryRead(string text, int start)
    {
        if (start + 1 >= text.Length)
        {
            return null;
        }

        if (text.AsSpan(start).StartsWith("<!--"))
        {
            var close = text.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return close < 0 ? null : new HtmlTag(close + 3, string.Empty, false);
        }

        if (text[start + 1] == '!' && start + 2 < text.Length && char.IsAsciiLetter(text[start + 2]))
        {
            // <!DOCTYPE html> and its kin.
            var close = text.IndexOf('>', start + 2);
            return close < 0 || text.AsSpan(start + 1, close - start - 1).Contains('<') ? null : new HtmlTag(close + 1, string.Empty, false);
        }

        var i = start + 1;
        var closing = i < text.Length && text[i] == '/';
        if (closing)
        {
            i++;
        }

        var nameStart = i;
        while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }

        if (i == nameStart || !char.IsAsciiLetter(text[nameStart]) || !Elements.Contains(text.AsSpan(nameStart, i - nameStart).ToString()))
        {
            return null;
        }

        var name = text.Substring(nameStart, i - nameStart).ToLowerInvariant();
        var end = closing ? EndOfClosingTag(text, i) : EndOfAttributes(text, i);
        return end < 0 ? null : new HtmlTag(end, name, closing);
    }

    private static int EndOfClosingTag(string text, int i)
    {
        i = SkipSpace(text, i);
        return i < text.Length && text[i] == '>' ? i + 1 : -1;
    }

    private static int EndOfAttributes(string text, int i)
    {
        while (true)
        {
            var afterSpace = SkipSpace(text, i);
            if (afterSpace >= text.Length)
            {
                return -1;
            }

            if (text[afterSpace] == '>')
            {
                return afterSpace + 1;
            }

            if (text[afterSpace] == '/' && afterSpace + 1 < text.Length && text[afterSpace + 1] == '>')
            {
                return afterSpace + 2;
            }

            // An attribute must be set apart from the name or the previous attribute by a space.
            if (afterSpace == i)
            {
                return -1;
            }

            i = Attribute(text, afterSpace);
            if (i < 0)
            {
                return -1;
            }
        }
    }

    private static int Attribute(string text, int i)
    {
        var nameStart = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '-' or '_' or ':' or '.'))
        {
            i++;
        }

        if (i == nameStart)
        {
            return -1;
        }

        var afterName = SkipSpace(text, i);
        if (afterName >= text.Length || text[afterName] != '=')
        {
            return BooleanAttributes.Contains(text.AsSpan(nameStart, i - nameStart).ToString()) ? i : -1;
        }

        i = SkipSpace(text, afterName + 1);
        if (i >= text.Length)
        {
            return -1;
        }

        if (text[i] is '"' or '\'')
        {
            var close = text.IndexOf(text[i], i + 1);
            return close < 0 || text.AsSpan(i + 1, close - i - 1).Contains('<') ? -1 : close + 1;
        }

        var valueStart = i;
        while (i < text.Length && !IsSpace(text[i]) && text[i] is not ('>' or '"' or '\'' or '<' or '`'))
        {
            i++;
        }

        return i == valueStart ? -1 : i;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && IsSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    // HTML's own whitespace: ASCII only.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
}
