namespace BatchAi.Daemon.Prompting;

/// <summary>The conversation formats a dataset's rows may come in; each is answered as the next assistant turn.</summary>
internal enum ConversationFormat
{
    /// <summary>OpenAI chat: a <c>messages</c> array of <c>{role, content}</c>, content a string or parts.</summary>
    OpenAiMessages,

    /// <summary>ShareGPT: a <c>conversations</c> array of <c>{from, value}</c> (human, gpt, system).</summary>
    ShareGpt,

    /// <summary>Alpaca with <c>history</c>: <c>[[question, answer], ...]</c> before <c>instruction</c> (and <c>input</c>).</summary>
    AlpacaHistory,
}
