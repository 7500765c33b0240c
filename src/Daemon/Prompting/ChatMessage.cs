namespace BatchAi.Daemon.Prompting;

/// <summary>One message of a chat request: a text, or (<see cref="Parts"/>) a list of text and image parts.</summary>
/// <param name="Content">The text; for a message of parts, its text parts joined by line breaks (what token counts and previews read).</param>
internal sealed record ChatMessage(ChatRole Role, string Content)
{
    /// <summary>
    /// The content as parts (text and images), or null for a plain text message. Null keeps a plain message's fingerprint
    /// byte for byte what it was before parts existed, so caches stay valid.
    /// </summary>
    public IReadOnlyList<ChatPart>? Parts { get; init; }

    /// <summary>The role as the OpenAI wire format names it; the fingerprint hashes the same name.</summary>
    public string RoleName => Role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        _ => "assistant",
    };

    /// <summary>The number of image parts.</summary>
    public int Images => Parts?.Count(p => p.IsImage) ?? 0;

    /// <summary>A message of parts; its <see cref="Content"/> is the text parts joined.</summary>
    public static ChatMessage OfParts(ChatRole role, IReadOnlyList<ChatPart> parts) =>
        new(role, string.Join('\n', parts.Where(p => !p.IsImage).Select(p => p.Text))) { Parts = parts };
}
