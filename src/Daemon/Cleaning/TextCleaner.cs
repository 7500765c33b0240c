using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Cleaning;

/// <summary>
/// The cleaning pipeline: the rules that are on, in a fixed order (control, html, invisible, fullwidth-ascii,
/// cjk-punctuation, repeated-punctuation, whitespace). Thread-safe: it holds no state. Control characters go
/// first: they are the file's damage, not its text, and a NUL inside a tag would hide the tag from the html rule.
/// </summary>
/// <remarks>
/// One rule can hand the next text it would have changed (removing a zero-width space can join
/// <c>&lt;</c> and <c>p&gt;</c> into a tag), so the pipeline runs again until a pass changes nothing.
/// Cleaning is therefore idempotent: what comes out is a fixed point. Nearly all text settles in one
/// pass, and text no rule touches costs one pass with no copy.
/// </remarks>
internal sealed class TextCleaner
{
    private const int MaxPasses = 4;

    private readonly ICleaningRule[] _rules;

    public TextCleaner(CleaningOptions? options)
    {
        options ??= new CleaningOptions();
        var rules = new List<ICleaningRule>();
        Add(rules, options.Control, new ControlRule());
        Add(rules, options.Html, new HtmlRule());
        Add(rules, options.Invisible, new InvisibleRule());
        Add(rules, options.FullwidthAscii, new FullwidthAsciiRule());
        Add(rules, options.CjkPunctuation, new CjkPunctuationRule());
        Add(rules, options.RepeatedPunctuation, new RepeatedPunctuationRule());
        Add(rules, options.Whitespace, new WhitespaceRule());
        _rules = [.. rules];
    }

    /// <summary>Every rule id, in pipeline order.</summary>
    public static IReadOnlyList<string> AllRuleIds { get; } =
        ["control", "html", "invisible", "fullwidth-ascii", "cjk-punctuation", "repeated-punctuation", "whitespace"];

    /// <summary>The ids of the rules that are on, in pipeline order.</summary>
    public IReadOnlyList<string> RuleIds => _rules.Select(r => r.Id).ToArray();

    /// <summary>Cleans <paramref name="text"/>; <paramref name="changedBy"/> gets one bit per rule (in <see cref="RuleIds"/> order) that changed it.</summary>
    public string Clean(string text, out int changedBy)
    {
        changedBy = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var before = text;
            for (var r = 0; r < _rules.Length; r++)
            {
                var next = _rules[r].Apply(text);
                if (!ReferenceEquals(next, text) && next != text)
                {
                    changedBy |= 1 << r;
                }

                text = next;
            }

            if (text == before)
            {
                break;
            }
        }

        return text;
    }

    public string Clean(string text) => Clean(text, out _);

    /// <summary>The ids of the rules named by the bits of <paramref name="changedBy"/>.</summary>
    public IReadOnlyList<string> Names(int changedBy)
    {
        if (changedBy == 0)
        {
            return [];
        }

        var names = new List<string>();
        for (var r = 0; r < _rules.Length; r++)
        {
            if ((changedBy & (1 << r)) != 0)
            {
                names.Add(_rules[r].Id);
            }
        }

        return names;
    }

    private static void Add(List<ICleaningRule> rules, bool? enabled, ICleaningRule rule)
    {
        if (enabled ?? true)
        {
            rules.Add(rule);
        }
    }
}
