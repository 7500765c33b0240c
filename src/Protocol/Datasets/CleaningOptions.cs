namespace BatchAi.Protocol.Datasets;

/// <summary>Which cleaning rules run on the text of the prompt columns. Every member is optional: null means the default, which is on.</summary>
/// <remarks><c>Control</c> comes last so that callers naming the others by position keep working.</remarks>
/// <param name="Html">Rule <c>html</c>: tags removed by a tag-aware scanner (so <c>x &lt; 3</c> survives), entities decoded, <c>&lt;br&gt;</c>/<c>&lt;p&gt;</c> become line breaks.</param>
/// <param name="Invisible">Rule <c>invisible</c>: zero-width characters, BOMs, soft hyphens, bidi marks, lone surrogates and other invisible code points removed.</param>
/// <param name="Whitespace">Rule <c>whitespace</c>: runs of spaces collapsed, lines trimmed, line breaks kept (at most one blank line in a row).</param>
/// <param name="RepeatedPunctuation">Rule <c>repeated-punctuation</c>: <c>！！！</c> → <c>！</c>, <c>???</c> → <c>?</c>; an ellipsis (<c>...</c>, <c>……</c>) stays one.</param>
/// <param name="CjkPunctuation">Rule <c>cjk-punctuation</c>: half-width <c>, ? ! : ;</c> right after a CJK character become full-width; stray full-width punctuation in Latin text becomes half-width.</param>
/// <param name="FullwidthAscii">Rule <c>fullwidth-ascii</c>: full-width letters and digits (<c>ＡＢＣ１２３</c>) become ASCII.</param>
/// <param name="SkipEmpty">Skip a row whose prompt columns are all empty after cleaning (stored as skipped, with the reason). A prompt with no text at all is never sent.</param>
/// <param name="SkipDuplicates">Skip a row whose prompt, after cleaning, equals an earlier row's (stored as skipped: "duplicate of row N").</param>
/// <param name="Control">Rule <c>control</c>: control characters removed (a stray NUL, bell or escape from a database dump; C0 but tab and line breaks, DEL, C1 but NEL). It runs first.</param>
public sealed record CleaningOptions(
    bool? Html = null,
    bool? Invisible = null,
    bool? Whitespace = null,
    bool? RepeatedPunctuation = null,
    bool? CjkPunctuation = null,
    bool? FullwidthAscii = null,
    bool? SkipEmpty = null,
    bool? SkipDuplicates = null,
    bool? Control = null)
{
    /// <summary>Every rule off and nothing skipped but prompts with no text at all: the text is sent as the file has it.</summary>
    public static CleaningOptions None { get; } = new(false, false, false, false, false, false, false, false, false);
}
