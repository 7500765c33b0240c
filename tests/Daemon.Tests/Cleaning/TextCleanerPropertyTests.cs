using System.Text;
using BatchAi.Daemon.Cleaning;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Tests.Cleaning;

/// <summary>Seeded random texts built from the pieces messy data is made of: the cleaner never throws, is idempotent, and leaves nothing invisible.</summary>
public sealed class TextCleanerPropertyTests
{
    private const int Cases = 5000;

    private static readonly string[] Pieces =
    [
        "<p>", "</p>", "<br>", "<br/>", "<b>", "</b>", "<p class=\"x\">", "<!-- c -->", "<script>x</script>", "<", ">", "<b", "p>",
        "&lt;", "&gt;", "&amp;", "&amp;lt;", "&#x200B;", "&#0;", "&#65;", "&nbsp;", "&#xD800;", "&", ";",
        "你", "好", "世界", "ｈｅｌｌｏ", "Ａ", "１", "，", "！", "？", "：", "；", "（", "）", "。", "……", "…", "、",
        ",", "!", "?", ":", ";", ".", "...", "a", "Z", "5", "word", " ", "  ", "\t", "\n", "\r\n", "\r", "\u0085", "\u2028",
        "\u200B", "\u200C", "\u200D", "\uFEFF", "\u00AD", "\u00A0", "\u3000", "\u202E", "\u0001", "\u001F", "\u007F", "\u009F", "\u0000", "\u001B",
        "😀", "👨", "\uFE0F", "❤", "\uD800", "\uDC00", "한국어", "=", "\"", "'", "/",
    ];

    [Fact]
    public void Clean_RandomMessyText_NeverThrowsIdempotentNothingInvisible()
    {
        var random = new Random(20261124);
        var cleaner = new TextCleaner(null);
        for (var n = 0; n < Cases; n++)
        {
            var text = RandomText(random);

            var once = cleaner.Clean(text);
            var twice = cleaner.Clean(once);

            Assert.True(once == twice, $"not idempotent for {Escape(text)}: {Escape(once)} then {Escape(twice)}");
            Assert.True(Invisible(once) is null, $"{Escape(text)} cleaned to {Escape(once)}, which keeps {Invisible(once)}");
            Assert.True(SpacingIsClean(once), $"{Escape(text)} cleaned to {Escape(once)}, whose spacing is not");
        }
    }

    [Fact]
    public void Clean_EachRuleAlone_NeverThrowsAndIdempotent()
    {
        var random = new Random(7);
        foreach (var only in TextCleaner.AllRuleIds)
        {
            var cleaner = new TextCleaner(Only(only));
            for (var n = 0; n < Cases / 5; n++)
            {
                var text = RandomText(random);
                var once = cleaner.Clean(text);

                Assert.True(once == cleaner.Clean(once), $"{only} alone is not idempotent for {Escape(text)}");
            }
        }
    }

    private static CleaningOptions Only(string id) => CleaningOptions.None with
    {
        Control = id == "control",
        Html = id == "html",
        Invisible = id == "invisible",
        FullwidthAscii = id == "fullwidth-ascii",
        CjkPunctuation = id == "cjk-punctuation",
        RepeatedPunctuation = id == "repeated-punctuation",
        Whitespace = id == "whitespace",
    };

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(0, 30);
        for (var i = 0; i < count; i++)
        {
            // Mostly the pieces; sometimes any UTF-16 code unit at all.
            builder.Append(random.Next(5) == 0 ? ((char)random.Next(0, 0x10000)).ToString() : Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>The first control or zero-width character left, described; null when there is none. A line break is allowed, and a joiner between emoji.</summary>
    private static string? Invisible(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var bad = (char.IsControl(c) && c != '\n')
                || c is '\u200B' or '\u200C' or '\u200E' or '\u200F' or '\u2060' or '\uFEFF' or '\u00AD' or >= '\u202A' and <= '\u202E'
                || (char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
                || (c == '\u200D' && !(i > 0 && i + 1 < text.Length && (char.IsLowSurrogate(text[i - 1]) || text[i - 1] is '\uFE0F' or '❤') && (char.IsHighSurrogate(text[i + 1]) || text[i + 1] == '❤')));
            if (bad)
            {
                return $"U+{(int)c:X4} at {i}";
            }
        }

        return null;
    }

    /// <summary>No space or break at the ends, no two spaces, no space beside a break, at most one blank line, no other kind of space.</summary>
    private static bool SpacingIsClean(string text) =>
        text.Trim(' ', '\n').Length == text.Length
        && !text.Contains("  ") && !text.Contains(" \n") && !text.Contains("\n ") && !text.Contains("\n\n\n")
        && !text.Any(c => c is '\t' or '\r' or '\u00A0' or '\u3000' or '\u2028');

    private static string Escape(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return builder.Append('"').ToString();
    }
}
