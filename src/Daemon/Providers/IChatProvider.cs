using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Providers;

/// <summary>One attempt at one question against one endpoint. Retries belong to <see cref="ResilientChat"/>, not here.</summary>
internal interface IChatProvider
{
    /// <summary>A description for messages: base URL and model, never the key.</summary>
    string Endpoint { get; }

    Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken);
}
