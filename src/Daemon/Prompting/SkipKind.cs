namespace BatchAi.Daemon.Prompting;

/// <summary>Why a row is not sent.</summary>
internal enum SkipKind
{
    None,
    Empty,
    Duplicate,
    Unreadable,
}
