using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>The <c>delimiter</c> request field: one character, or <c>tab</c> (a tab is awkward to type in JSON by hand).</summary>
internal static class DelimiterOption
{
    public static char? Parse(string? delimiter) => delimiter switch
    {
        null => null,
        "tab" or "\\t" or "\t" => '\t',
        { Length: 1 } d when d[0] is not ('"' or '\r' or '\n') => d[0],
        _ => throw new RequestRefusedException(RefusalReason.InvalidField,
            $"delimiter must be one character other than a quote or line break, or \"tab\" (got '{delimiter}').", new RefusedAt(Field: "delimiter")),
    };
}
