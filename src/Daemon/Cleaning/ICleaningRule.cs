namespace BatchAi.Daemon.Cleaning;

/// <summary>One cleaning step. A rule returns the very same string when it changes nothing, so unchanged text costs no copy.</summary>
internal interface ICleaningRule
{
    /// <summary>The rule's id as the protocol names it, e.g. <c>html</c>.</summary>
    string Id { get; }

    string Apply(string text);
}
