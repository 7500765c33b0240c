namespace BatchAi.Daemon.Prompting;

/// <summary>Who says a message in a chat request.</summary>
internal enum ChatRole
{
    System,
    User,
    Assistant,
}
