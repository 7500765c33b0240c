namespace BatchAi.Daemon.Prompting;

/// <summary>One message of a chat request. Image parts, when they come, are parts of a message's content.</summary>
internal sealed record ChatMessage(ChatRole Role, string Content)
{
    /// <summary>The role as the OpenAI wire format names it; the fingerprint hashes the same name.</summary>
    public string RoleName => Role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        _ => "assistant",
    };
}
