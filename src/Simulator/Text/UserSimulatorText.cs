namespace BatchAi.Simulator.Text;

/// <summary>
/// The simulator playing the user of a multi-turn job. A real provider simply answers the daemon's user-simulator prompt
/// with a message it makes up; here the reply is derived from the conversation, so a test can say exactly what every turn
/// of every row is: <c>Follow-up N to "seed"</c>, where N is the number of the user turn being written and the seed the
/// conversation's first user message (which the request shows as the model's own, i.e. as its first assistant message).
/// </summary>
internal static class UserSimulatorText
{
    /// <summary>The first words of the daemon's built-in user-simulator system prompt (a daemon test keeps them the same).</summary>
    public const string Marker = "You are the user in the conversation below";

    /// <summary>The user's next message, or null when the request is not the user simulator's.</summary>
    /// <param name="assistantMessages">The request's assistant messages: the user's turns so far, seen from the user's side.</param>
    public static string? Reply(string? systemPrompt, int assistantMessages, string? firstAssistant) =>
        systemPrompt is not null && systemPrompt.StartsWith(Marker, StringComparison.Ordinal) && firstAssistant is not null
            ? For(assistantMessages + 1, firstAssistant)
            : null;

    /// <summary>The message written as user turn <paramref name="turn"/> of a conversation opened by <paramref name="seed"/>.</summary>
    public static string For(int turn, string seed) => $"Follow-up {turn} to \"{AnswerText.Echo(seed)}\"";
}
