using System.Net;
using System.Text;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// <c>html</c>: removes tags found by <see cref="HtmlScanner"/> (never a blind <c>&lt;[^&gt;]+&gt;</c>), drops the
/// content of <c>script</c> and <c>style</c>, turns block tags (<c>br</c>, <c>p</c>, <c>div</c>, <c>li</c>...) into line
/// breaks, and decodes entities with <see cref="WebUtility.HtmlDecode(string)"/>.
/// </summary>
/// <remarks>
/// Decoding can make text that reads as markup (<c>&amp;lt;b&amp;gt;</c> → <c>&lt;b&gt;</c>, <c>&amp;amp;lt;</c> → <c>&amp;lt;</c>).
/// Such a <c>&lt;</c> or <c>&amp;</c> is escaped again, so that the text shows what the author wrote and
/// cleaning it a second time changes nothing.
/// </remarks>
internal sealed class HtmlRule : ICleaningRule
{
    private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
    };

    public string Id => "html";

    public string Apply(string text)
    {
        if (text.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return text;
        }

        var decoded = WebUtility.HtmlDecode(StripTags(text));
        var cleaned = Reescape(decoded);
        return cleaned == text ? text : cleaned;
    }

    private static string StripTags(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var lt = text.IndexOf('<', i);
            if (lt < 0)
            {
                builder.Append(text, i, text.Length - i);
                break;
            }

            builder.Append(text, i, lt - i);
            if (HtmlScanner.TryRead(text, lt) is not { } tag)
            {
                builder.Append('<');
                i = lt + 1;
                continue;
            }

            i = tag.End;
            if (!tag.Closing && tag.Name is "script" or "style")
            {
                var close = text.IndexOf("</" + tag.Name, i, StringComparison.OrdinalIgnoreCase);
                if (close >= 0 && HtmlScanner.TryRead(text, close) is { } end)
                {
                    i = end.End;
                }
            }
            else if (BlockElements.Contains(tag.Name))
            {
                builder.Append('\n');
            }
            else if (tag.Name is "td" or "th")
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string Reescape(string text)
    {
        if (text.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && HtmlScanner.TryRead(text, i) is not null)
            {
                builder.Append("&lt;");
            }
            else if (c == '&' && StartsEntity(text, i))
            {
                builder.Append("&amp;");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool StartsEntity(string text, int i)
    {
        var semicolon = text.IndexOf(';', i + 1, Math.Min(40, text.Length - i - 1));
        if (semicolon < 0)
        {
            return false;
        }

        // Only &name; &#123; &#x1F; can be an entity; anything else between & and ; is plain text.
        foreach (var c in text.AsSpan(i + 1, semicolon - i - 1))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '#')
            {
                return false;
            }
        }

        var candidate = text.Substring(i, semicolon - i + 1);
        return WebUtility.HtmlDecode(candidate) != candidate;
    }
}
